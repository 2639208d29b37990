/**
 * A whole cluster in one process, for tests: three real nodes over in-memory
 * stores, Raft messages carried between them on the event loop, and the
 * gateway-facing and peer APIs reached in process (through the wire
 * encoding, as over gRPC). Nodes can be crashed (a kill -9: nothing more is
 * done, the store keeps what was written), restarted, wiped and cut off.
 *
 *   import { InMemoryCluster } from "@tributary/node/in-memory";
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { pino } from "pino";
import type { GatewayApiCaller, PeerApiCaller } from "@tributary/protocol";
import { inProcessGatewayApiCaller, inProcessPeerApiCaller, Keyring, realTimer } from "@tributary/protocol";
import { DurableStore } from "@tributary/storage";
import { systemClock } from "./clock.js";
import type { NodeConfig, ScalingConfig } from "./config.js";
import { defaultScaling } from "./config.js";
import * as limits from "./limits.js";
import { TributaryNode } from "./node.js";
import type { HibernationSignals } from "./hibernation.js";
import type { GroupMessage, IncomingBatch, RaftTransport, TransportIdentity } from "./transport.js";

export interface InMemoryClusterOptions {
  readonly names?: readonly string[];
  readonly tickMs?: number;
  readonly shardLogCacheEntries?: number;
  readonly clockSkewMs?: number;
  /** On-demand scaling thresholds (default: config.ts's). */
  readonly scaling?: Partial<ScalingConfig>;
  readonly log?: Logger;
  /** The nodes' keyring (default: one key under alias/aws/kinesis, made for this cluster). */
  readonly keyring?: Keyring;
}

interface Member {
  readonly name: string;
  store: DurableStore;
  node: TributaryNode | undefined;
  receive: ((batch: IncomingBatch) => void) | undefined;
}

/** The address of an in-memory node: what routing tables and NotLeader hints carry. */
export const memoryAddress = (name: string): string => `memory:${name}`;

export class InMemoryCluster {
  private readonly members = new Map<string, Member>();
  /** Nodes cut off from everyone (peers and callers alike). */
  private readonly isolated = new Set<string>();
  /** Nodes whose Raft frames are lost on the way out (they still hear their peers): a stall or a broken connection, as the peers see it. */
  private readonly silenced = new Set<string>();
  private readonly config: (name: string) => NodeConfig;
  private clockSkewMs: number;
  private readonly log: Logger;
  /** The keyring every node loads; a test may give a node another (`setKeyring`) before starting it. */
  private readonly keyrings = new Map<string, Keyring>();
  private readonly keyring: Keyring;

  private constructor(options: InMemoryClusterOptions) {
    this.keyring = options.keyring ?? Keyring.generate();
    const names = options.names ?? ["az-a", "az-b", "az-c"];
    const peers = new Map(names.map((n) => [n, memoryAddress(n)]));
    this.log = options.log ?? pino({ level: "silent" });
    this.clockSkewMs = options.clockSkewMs ?? 0;
    this.config = (name) => ({
      name,
      dataDir: `memory:${name}`,
      listen: memoryAddress(name),
      peers,
      tickMs: options.tickMs ?? limits.tickMsDefault,
      clusterName: "tributary",
      region: "us-east-1",
      accountId: "000000000000",
      fsync: true,
      shardLogCacheEntries: options.shardLogCacheEntries ?? limits.shardLogCacheEntriesDefault,
      metaLogCacheEntries: limits.metaLogCacheEntriesDefault,
      joinTimeoutMs: 60_000,
      clockSkewMs: this.clockSkewMs,
      scaling: { ...defaultScaling, ...options.scaling },
    });
    for (const name of names) this.members.set(name, { name, store: DurableStore.memory(), node: undefined, receive: undefined });
  }

  /** Starts every node and waits until the meta group has a leader. */
  static async start(options: InMemoryClusterOptions = {}): Promise<InMemoryCluster> {
    const cluster = new InMemoryCluster(options);
    await Promise.all([...cluster.members.keys()].map((n) => cluster.startNode(n)));
    await cluster.waitFor("a meta leader", () => cluster.metaLeader() !== undefined);
    return cluster;
  }

  get names(): string[] {
    return [...this.members.keys()];
  }

  get addresses(): string[] {
    return this.names.map(memoryAddress);
  }

  node(name: string): TributaryNode | undefined {
    return this.member(name).node;
  }

  private member(name: string): Member {
    const m = this.members.get(name);
    if (!m) throw new Error(`no node ${name}`);
    return m;
  }

  private reachable(name: string): TributaryNode | undefined {
    const node = this.members.get(name)?.node;
    return node && !this.isolated.has(name) ? node : undefined;
  }

  /** How a gateway calls the node at `address`. */
  gatewayCaller(address: string): GatewayApiCaller {
    const name = address.replace(/^memory:/, "");
    return inProcessGatewayApiCaller(address, () => this.reachable(name)?.gatewayApi, realTimer);
  }

  /** How a peer or a tool calls the node named `name`. */
  peerCaller(name: string): PeerApiCaller {
    return inProcessPeerApiCaller(memoryAddress(name), () => this.reachable(name)?.peerApi, realTimer);
  }

  /** The keyring `name` loads from its next start on. */
  setKeyring(name: string, keyring: Keyring): void {
    this.keyrings.set(name, keyring);
  }

  /** Starts a node on its store (after a crash: the store as the crash left it). */
  async startNode(name: string): Promise<void> {
    const m = this.member(name);
    if (m.node) throw new Error(`${name} is running`);
    const node = new TributaryNode(this.config(name), {
      log: this.log.child({ node: name }),
      clock: systemClock,
      store: m.store,
      peer: (peer) => this.peerCaller(peer),
      randomBytes: (n) => randomBytes(n),
      keyring: this.keyrings.get(name) ?? this.keyring,
      transport: (self, receive) => {
        m.receive = receive;
        return this.transport(self, name);
      },
    });
    m.node = node;
    await node.start();
  }

  private transport(self: TransportIdentity, from: string): RaftTransport {
    let closed = false;
    return {
      send: (peer: string, messages: readonly GroupMessage[], hibernation: HibernationSignals) => {
        if (closed || this.isolated.has(from) || this.isolated.has(peer) || this.silenced.has(from)) return;
        const batch: IncomingBatch = { clusterId: self.clusterId(), fromNode: from, fromIncarnation: self.incarnation(), leaving: self.leaving(), messages, hibernation };
        setImmediate(() => {
          if (closed || this.isolated.has(from) || this.isolated.has(peer)) return;
          this.members.get(peer)?.receive?.(batch);
        });
      },
      dropped: () => new Map(), // a cut-off node's frames are the test's doing, not drops
      close: () => {
        closed = true;
      },
    };
  }

  /** Delivers a Raft frame to a node as if a peer had sent it (tests that forge messages). */
  deliver(to: string, batch: IncomingBatch): void {
    this.members.get(to)?.receive?.(batch);
  }

  /** Shifts the clock retention uses, for nodes started from now on (tests of retention). */
  setClockSkewMs(ms: number): void {
    this.clockSkewMs = ms;
  }

  /** A kill -9: the node stops at once; its store keeps what it had written. Calls in flight to it fail. */
  async crash(name: string): Promise<void> {
    const m = this.member(name);
    const node = m.node;
    if (!node) return;
    m.node = undefined;
    m.receive = undefined;
    await node.halt();
  }

  /** A node's store, as it holds its data now (tests that look at what is stored). */
  store(name: string): DurableStore {
    return this.member(name).store;
  }

  /** Replaces a stopped node's store with an empty one (a lost disk). */
  wipe(name: string): void {
    const m = this.member(name);
    if (m.node) throw new Error(`stop ${name} before wiping it`);
    m.store = DurableStore.memory();
  }

  /** Cuts a node off from every peer and caller (or heals that). */
  isolate(name: string, cut = true): void {
    if (cut) this.isolated.add(name);
    else this.isolated.delete(name);
  }

  /** Loses `name`'s outgoing Raft frames (or stops losing them). */
  silence(name: string, on = true): void {
    if (on) this.silenced.add(name);
    else this.silenced.delete(name);
  }

  /** The node leading the meta group, if any. */
  metaLeader(): string | undefined {
    return this.names.find((n) => {
      const node = this.reachable(n);
      return node?.groups.loaded && node.groups.meta.isLeader();
    });
  }

  /** The node leading the meta group, if any (none for a moment while its leadership moves). */
  metaLeaderNode(): TributaryNode | undefined {
    const name = this.metaLeader();
    return name === undefined ? undefined : this.node(name);
  }

  /** The node leading a group, if any. */
  leaderOf(group: number): string | undefined {
    return this.names.find((n) => this.reachable(n)?.groups.get(group)?.isLeader());
  }

  /** Waits (bounded) until `probe` holds. */
  async waitFor(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const m of this.members.values()) {
      const node = m.node;
      m.node = undefined;
      if (node) await node.stop();
    }
  }
}
