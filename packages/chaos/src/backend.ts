/**
 * What a chaos run needs of a cluster: start it, reach its Kinesis endpoint,
 * break its nodes in the ways real machines break, and mend them.
 *
 * Two backends implement it: local processes (local-backend.ts) and the
 * compose cluster (docker-backend.ts).
 */
import type { NodeStatus__Output } from "@tributary/protocol";
import type { NodeName } from "@tributary/testkit";
import { NODE_NAMES } from "@tributary/testkit";

export { NODE_NAMES };
export type { NodeName };

export interface ClusterBackend {
  /** "local" or "docker", for reports. */
  readonly kind: string;
  /** The gateway's Kinesis endpoint, e.g. http://127.0.0.1:4567. */
  readonly endpoint: string;
  /** Why isolate() cannot work here, or undefined when it can. */
  readonly partitionsUnsupported: string | undefined;

  /** Starts the three nodes and the gateway; resolves once the gateway answers. */
  start(): Promise<void>;
  /** Stops everything it started and removes what it made (data, networks). */
  stop(): Promise<void>;

  /** kill -9: the node stops at once, with whatever it had not synced lost. */
  kill(node: NodeName): Promise<void>;
  /** A planned stop: SIGTERM (the node hands off its leaderships, then exits); resolves once it has exited. */
  terminate(node: NodeName): Promise<void>;
  /** Deletes a stopped node's data (a lost disk); absent where the backend cannot. */
  wipe?(node: NodeName): void | Promise<void>;
  /** Starts a killed node again, on its data. */
  restart(node: NodeName): Promise<void>;
  /** Freezes a node (SIGSTOP, or the cgroup freezer): it keeps its sockets but answers nothing. */
  pause(node: NodeName): Promise<void>;
  resume(node: NodeName): Promise<void>;
  /** Cuts each named node off from every other node and from the gateway. */
  isolate(nodes: readonly NodeName[]): Promise<void>;
  /** Undoes every isolate(). */
  heal(): Promise<void>;

  /**
   * The bystander-restart control: starts something on the cluster's host that
   * is no member of it (startBystander, before the load), and stops and starts
   * it again (restartBystander), as a node's restart would, with no node involved.
   */
  startBystander(): Promise<void>;
  /** Stops the bystander (as terminate() stops a node) and starts it again; resolves with when it had stopped and when it had started (ms since the epoch). */
  restartBystander(): Promise<{ stoppedAt: number; startedAt: number }>;

  /** Copies the nodes' and the gateway's logs so far into `dir` (made if need be), to read a report against. */
  saveLogs(dir: string): Promise<void>;

  /** The node's view of its Raft groups, or undefined if it does not answer. */
  status(node: NodeName): Promise<NodeStatus__Output | undefined>;
  /** The node leading a stream's shard, where the backend can tell. */
  shardLeader?(stream: string, shardId: string): Promise<NodeName | undefined>;
}

/** The node leading the meta group, by asking every node. */
export async function metaLeader(backend: ClusterBackend): Promise<NodeName | undefined> {
  for (const node of NODE_NAMES) {
    const s = await backend.status(node);
    if (s?.groups.find((g) => g.groupId === 0)?.state === "leader") return node;
  }
  return undefined;
}

/** The node that leads the most of the given groups (every non-meta group when none are given). */
export async function nodeLeadingMost(backend: ClusterBackend, groupIds?: readonly number[]): Promise<NodeName | undefined> {
  const counts = new Map<NodeName, number>();
  for (const node of NODE_NAMES) {
    const s = await backend.status(node);
    const led = s?.groups.filter((g) => g.state === "leader" && g.groupId !== 0 && (!groupIds || groupIds.includes(g.groupId))).length ?? 0;
    counts.set(node, led);
  }
  let best: NodeName | undefined;
  for (const [node, n] of counts) if (n > 0 && (!best || n > (counts.get(best) ?? 0))) best = node;
  return best;
}
