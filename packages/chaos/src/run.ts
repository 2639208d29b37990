/**
 * A chaos run: load through the gateway, a schedule of faults, healing, then
 * the durability check. The backend is started and stopped by the caller, so
 * that several runs can share one cluster; each run has a stream of its own,
 * deleted at the end.
 */
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListShardsCommand, MergeShardsCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClusterBackend, NodeName } from "./backend.js";
import { metaLeader, NODE_NAMES, nodeLeadingMost } from "./backend.js";
import type { DurabilityReport } from "./checker.js";
import { checkDurability, formatDurability, readStream } from "./checker.js";
import type { Fault } from "./schedule.js";
import { formatSchedule } from "./schedule.js";
import { clusterCredentials, sleep, waitFor } from "@tributary/testkit";
import type { Ack, WorkloadCounts } from "./workload.js";
import { Workload } from "./workload.js";

export interface ChaosOptions {
  seed: number;
  faults: readonly Fault[];
  shards?: number;
  producers?: number;
  recordBytes?: number;
  maxBatch?: number;
  /** Partition keys drawn from this many (so each key's order across reshards is checked); default: a key per record. */
  keys?: number;
  /** Each producer starts a call at most this often (ms); default: unpaced (see WorkloadOptions.paceMs). */
  paceMs?: number;
  /** Load before the first fault and after healing. */
  warmupMs?: number;
  tailMs?: number;
  /** Where the report (JSON and text) and the acknowledgement log go; nothing is written when absent. */
  outDir?: string;
  log?: (line: string) => void;
}

export interface FaultEvent {
  kind: string;
  /** The nodes it struck. */
  nodes: string[];
  holdMs: number;
  /** When it began and ended (ms since the epoch). */
  startAt: number;
  endAt: number;
  /** From the start of the fault to the first acknowledgement of a record sent after it began, or null if none came before the next fault. */
  writesBackAfterMs: number | null;
  /**
   * A leader paused or cut off: when every shard group it led had another
   * leader (ms after the fault began, as the other nodes saw it), and from
   * then until every shard had acknowledged a record sent after the fault
   * began. Null when no new leaders were seen during the fault.
   */
  newLeadersAfterMs?: number | null;
  /** Every node killed and started again: from the last one's start until every shard had acknowledged a record sent after the fault began. */
  shardsBackAfterRestartMs?: number | null;
  shardsBackAfterNewLeadersMs?: number | null;
  /** The longest time producers waited with no acknowledgement (see longestGap), from when the fault was in effect (a rolling restart: its first stop) until the fault's gapMs after writes came back. */
  longestWriteGapMs: number;
  /** The same for the worst shard: the longest a record sent to it waited with none of the shard's records acknowledged. */
  longestShardGapMs: number;
  /** Where that gap began, in ms after the fault began, and its shard. */
  longestShardGapAtMs: number;
  longestShardGapShard: string;
  /** A rolling restart: each node's steps, in ms after the fault began (the stop's start and end, the start's end, leading again); a bystander restart: the bystander's (no leading). */
  restarts?: { node: string; stopMs: number; stoppedMs: number; startedMs: number; leadingMs?: number }[];
  /** Records sent while no majority was reachable and acknowledged before it healed (isolate-majority): must be 0. */
  acknowledgedWithoutMajority?: number;
  /** Failed calls and failed records from its start to the next fault (a call the fault stalled may fail later). */
  errorsDuring: number;
  /** A node replaced (replace-node): its incarnation when back, and how long after its start it held every group and led again (null: not within a minute). */
  replacement?: { incarnation: number; rebuiltAfterMs: number | null };
  /** A reshard the fault struck: what it was, and whether the stream was fully resharded and ACTIVE once healed. */
  reshard?: { action: string; completed: boolean; activeAfterMs: number | null };
}

/** One node's turn in a rolling restart, or the bystander's in its control (ms since the epoch). */
interface RestartStep {
  node: NodeName | "bystander";
  stopAt: number;
  stoppedAt: number;
  startedAt: number;
  /** A node's: when it led a group again. */
  leadingAt?: number;
}

export interface ChaosReport {
  backend: string;
  seed: number;
  schedule: string;
  stream: string;
  runId: string;
  startedAt: string;
  durationMs: number;
  sentRecords: number;
  workload: WorkloadCounts;
  errors: Record<string, number>;
  faults: FaultEvent[];
  /** When the load began (ms since the epoch). */
  loadStartedAt: number;
  /**
   * The same load with no fault: the worst shard's gap (worstShardGap) from
   * a second after the first acknowledgement to the first fault, and how
   * long that was. What a fault's gaps are read against.
   */
  baseline: { ms: number; longestShardGapMs: number };
  /** Acknowledgements per second from the start of the load. */
  acksPerSecond: number[];
  durability: DurabilityReport;
  /** No loss, reordering, sequence-number violation, unexplained duplicate, nor acknowledgement without a majority. */
  ok: boolean;
}

export async function runChaos(backend: ClusterBackend, options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = Date.now();
  const runId = `r${options.seed}x${started.toString(36)}`;
  const stream = `chaos-${options.seed}-${started.toString(36)}`;
  const schedule = formatSchedule(options.faults);
  log(`chaos: seed ${options.seed} on ${backend.kind}, stream ${stream}: ${schedule || "(no faults)"}`);

  const kinesis = new KinesisClient({ endpoint: backend.endpoint, region: "us-east-1", credentials: clusterCredentials });
  if (options.outDir) mkdirSync(options.outDir, { recursive: true });
  const ackLog = options.outDir ? createWriteStream(join(options.outDir, `acks-${options.seed}.jsonl`)) : undefined;
  const workload = new Workload(kinesis, stream, {
    producers: options.producers ?? 4,
    runId,
    recordBytes: options.recordBytes ?? 200,
    maxBatch: options.maxBatch ?? 20,
    ...(options.keys ? { keys: options.keys } : {}),
    ...(options.paceMs ? { paceMs: options.paceMs } : {}),
    ...(ackLog ? { ackLog } : {}),
  });
  const killed = new Set<NodeName>();
  const paused = new Set<NodeName>();
  const killNodes = async (nodes: NodeName[]) => {
    await Promise.all(nodes.map((n) => backend.kill(n)));
    for (const n of nodes) killed.add(n);
  };
  const restartNodes = async (nodes: NodeName[]) => {
    for (const n of nodes) {
      await backend.restart(n);
      killed.delete(n);
    }
  };
  const pauseNodes = async (nodes: NodeName[]) => {
    for (const n of nodes) {
      await backend.pause(n);
      paused.add(n);
    }
  };
  const resumeNodes = async (nodes: NodeName[]) => {
    for (const n of nodes) {
      await backend.resume(n);
      paused.delete(n);
    }
  };
  const events: FaultEvent[] = [];
  let loadStart = Date.now();
  let progress: NodeJS.Timeout | undefined;
  // Gaps are measured once the load has stopped, when every record a window's producers waited on has its answer.
  let baselineWindow = { from: 0, to: 0 };
  const faultWindows: { event: FaultEvent; from: number; to: number }[] = [];
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: options.shards ?? 4 }));
    await waitFor(`${stream} to be ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000);

    // The bystander-restart control's bystander runs from before the load, as the nodes do.
    if (options.faults.some((f) => f.kind === "bystander-restart")) await backend.startBystander();
    loadStart = Date.now();
    workload.start();
    progress = setInterval(() => log(`chaos: ${workload.acknowledged} acknowledged, ${workload.counts.callErrors} failed calls, ${workload.counts.recordErrors} failed records`), 5_000);
    await waitFor("the first acknowledgement", () => workload.acknowledged > 0, 30_000, 50);
    // The no-fault window leaves out the load's first second (connections opening, code not yet optimized).
    const baselineFrom = Math.min(...workload.acks.map((a) => a.ackAt)) + 1_000;
    await sleep(options.warmupMs ?? 2_000);
    const beforeFaults = Date.now();
    baselineWindow = { from: baselineFrom, to: beforeFaults };
    log(`chaos: no fault for ${Math.max(0, beforeFaults - baselineFrom)} ms`);

    for (const [i, fault] of options.faults.entries()) {
      const errorsBefore = workload.counts.callErrors + workload.counts.recordErrors;
      const leader = async () => (await nodeLeadingMost(backend)) ?? (NODE_NAMES[fault.pick] as NodeName);
      // A reshard fault starts the split or merge first, then strikes the node that must carry it through.
      const reshard = fault.kind === "split-kill-parent-leader" || fault.kind === "merge-kill-meta-leader" ? await startReshard(kinesis, backend, stream, fault, log) : undefined;
      const nodes: NodeName[] =
        fault.kind === "kill-leader" || fault.kind === "pause-leader" || fault.kind === "isolate-leader" ? [await leader()]
        : fault.kind === "kill-node" || fault.kind === "replace-node" ? [NODE_NAMES[fault.pick] as NodeName]
        : fault.kind === "kill-all" || fault.kind === "rolling-restart" ? [...NODE_NAMES]
        : fault.kind === "bystander-restart" ? []
        : reshard ? [reshard.victim ?? (await leader())]
        : NODE_NAMES.filter((_, k) => k !== fault.pick); // isolate-majority: the gateway keeps one node
      let restarts: RestartStep[] = [];
      const [apply, revert] =
        fault.kind === "rolling-restart" ? [async () => void (restarts = await rollingRestart(backend, log)), async () => undefined]
        : fault.kind === "bystander-restart" ? [async () => void (restarts = await bystanderRestarts(backend, log)), async () => undefined]
        : fault.kind === "replace-node" ? [() => replaceNode(backend, nodes[0] as NodeName, killed), () => restartNodes(nodes)]
        : fault.kind.startsWith("kill") ? [() => killNodes(nodes), () => restartNodes(nodes)]
        : fault.kind === "pause-leader" ? [() => pauseNodes(nodes), () => resumeNodes(nodes)]
        : [() => backend.isolate(nodes), () => backend.heal()];
      const replaced = fault.kind === "pause-leader" || fault.kind === "isolate-leader" ? await shardGroupsLedBy(backend, nodes[0] as NodeName) : [];
      const beganAt = Date.now();
      await apply();
      const startAt = fault.kind === "rolling-restart" || fault.kind === "bystander-restart" ? beganAt : Date.now(); // the fault is in effect (a restart: from its first stop)
      const newLeadersAt = replaced.length > 0 ? await watchNewLeaders(backend, nodes[0] as NodeName, replaced, startAt + fault.holdMs) : undefined;
      await sleep(startAt + fault.holdMs - Date.now());
      await revert();
      const endAt = Date.now();
      // A replaced node must come back under a new incarnation and be rebuilt from the others (bounded wait).
      const replacement = fault.kind === "replace-node" ? await awaitReplacement(backend, nodes[0] as NodeName, endAt) : undefined;
      if (replacement) log(`chaos:        ${nodes[0]} back as incarnation ${replacement.incarnation}, holding every group and leading again ${replacement.rebuiltAfterMs ?? "—"} ms after its start`);
      // Once healed, a reshard the fault struck must be carried through: the stream ACTIVE, the parents closed.
      const reshardOutcome = reshard ? await awaitReshard(kinesis, stream, reshard.parents, startAt) : undefined;
      log(`chaos: [${i + 1}/${options.faults.length}] ${fault.kind} ${nodes.join(",")} for ${fault.holdMs} ms`);
      // Writes must come back: wait (bounded) for a record sent after the fault began to be acknowledged.
      const back = await waitFor("writes to be acknowledged again", () => workload.acks.find((a) => a.sentAt >= startAt), 60_000, 50).catch(() => undefined);
      await sleep(fault.gapMs);
      const windowEnd = Date.now();
      const event: FaultEvent = {
        kind: fault.kind,
        nodes,
        holdMs: fault.holdMs,
        startAt,
        endAt,
        writesBackAfterMs: back ? back.ackAt - startAt : null,
        // The gaps are filled in once the load has stopped (see faultWindows).
        longestWriteGapMs: 0,
        longestShardGapMs: 0,
        longestShardGapAtMs: 0,
        longestShardGapShard: "",
        errorsDuring: workload.counts.callErrors + workload.counts.recordErrors - errorsBefore,
        ...(reshard && reshardOutcome ? { reshard: { action: reshard.action, ...reshardOutcome } } : {}),
        ...(replacement ? { replacement } : {}),
        ...(restarts.length > 0 ? { restarts: restarts.map((r) => ({ node: r.node, stopMs: r.stopAt - startAt, stoppedMs: r.stoppedAt - startAt, startedMs: r.startedAt - startAt, ...(r.leadingAt !== undefined ? { leadingMs: r.leadingAt - startAt } : {}) })) } : {}),
      };
      if (fault.kind === "kill-all") {
        const back = firstAckPerShardAfter(workload.acks, startAt);
        event.shardsBackAfterRestartMs = back === undefined ? null : Math.max(0, back - endAt);
      }
      if (replaced.length > 0) {
        event.newLeadersAfterMs = newLeadersAt === undefined ? null : newLeadersAt - startAt;
        const back = firstAckPerShardAfter(workload.acks, startAt);
        event.shardsBackAfterNewLeadersMs = newLeadersAt === undefined || back === undefined ? null : Math.max(0, back - newLeadersAt);
      }
      if (fault.kind === "isolate-majority") {
        // A record sent after the cut cannot be committed before it heals.
        // (One sent before may have been committed before the cut, and its
        // acknowledgement come late: a PutRecords call answers when all its
        // shards have.)
        event.acknowledgedWithoutMajority = workload.acks.filter((a) => a.sentAt >= startAt && a.ackAt < endAt).length;
      }
      events.push(event);
      faultWindows.push({ event, from: startAt, to: windowEnd });
      if (event.shardsBackAfterRestartMs !== undefined) log(`chaos:        every shard writing again ${event.shardsBackAfterRestartMs ?? "—"} ms after the restart`);
      if (event.newLeadersAfterMs !== undefined) log(`chaos:        new leaders after ${event.newLeadersAfterMs ?? "—"} ms; every shard writing again ${event.shardsBackAfterNewLeadersMs ?? "—"} ms after that`);
      log(`chaos:        writes back after ${event.writesBackAfterMs ?? "—"} ms, ${event.errorsDuring} errors${event.acknowledgedWithoutMajority !== undefined ? `, ${event.acknowledgedWithoutMajority} acknowledged without a majority` : ""}${event.reshard ? `; ${event.reshard.action} ${event.reshard.completed ? `completed, ACTIVE ${event.reshard.activeAfterMs} ms after the fault` : "NOT completed"}` : ""}`);
    }
  } finally {
    // Mend whatever is still broken, even after an error.
    await backend.heal().catch(() => undefined);
    for (const n of paused) await backend.resume(n).catch(() => undefined);
    for (const n of killed) await backend.restart(n).catch(() => undefined);
  }
  try {
    const healedAt = Date.now();
    await waitFor("writes after healing", () => workload.acks.some((a) => a.sentAt >= healedAt), 60_000, 50);
    await sleep(options.tailMs ?? 2_000);
  } finally {
    clearInterval(progress);
    await workload.stop();
    ackLog?.end();
  }

  log(`chaos: load stopped: ${workload.acknowledged} acknowledged of ${workload.sentRecords} sent; reading ${stream} from TRIM_HORIZON`);
  const { from: baselineFrom, to: beforeFaults } = baselineWindow;
  const baseline = { ms: Math.max(0, beforeFaults - baselineFrom), longestShardGapMs: beforeFaults > baselineFrom ? worstShardGap(workload.acks, baselineFrom, beforeFaults).ms : 0 };
  for (const { event, from, to } of faultWindows) {
    const worst = worstShardGap(workload.acks, from, to);
    Object.assign(event, { longestWriteGapMs: longestGap(workload.acks, from, to), longestShardGapMs: worst.ms, longestShardGapAtMs: worst.at - from, longestShardGapShard: worst.shard });
  }
  const stored = await readStream(kinesis, stream);
  const durability = checkDurability(workload.acks, workload.retried, stored, runId);
  const report: ChaosReport = {
    backend: backend.kind,
    seed: options.seed,
    schedule,
    stream,
    runId,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    sentRecords: workload.sentRecords,
    workload: workload.counts,
    errors: Object.fromEntries(workload.errors),
    faults: events,
    loadStartedAt: loadStart,
    baseline,
    acksPerSecond: perSecond(workload.acks, loadStart),
    durability,
    ok: durability.ok && events.every((e) => !e.acknowledgedWithoutMajority && (e.reshard?.completed ?? true)),
  };
  await kinesis.send(new DeleteStreamCommand({ StreamName: stream })).catch(() => undefined);
  kinesis.destroy();

  const text = formatChaosReport(report);
  log(text);
  if (options.outDir) {
    writeFileSync(join(options.outDir, `chaos-${options.seed}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(options.outDir, `chaos-${options.seed}.txt`), `${text}\n`);
  }
  return report;
}

/** Starts a split (of an open shard the fault picks, at its middle) or a merge (of two neighbours), and names the node to strike. */
async function startReshard(kinesis: KinesisClient, backend: ClusterBackend, stream: string, fault: Fault, log: (line: string) => void): Promise<{ action: string; parents: string[]; victim: NodeName | undefined }> {
  const open = ((await kinesis.send(new ListShardsCommand({ StreamName: stream, ShardFilter: { Type: "AT_LATEST" } }))).Shards ?? []).sort((a, b) =>
    BigInt(a.HashKeyRange?.StartingHashKey ?? "0") < BigInt(b.HashKeyRange?.StartingHashKey ?? "0") ? -1 : 1,
  );
  if (fault.kind === "split-kill-parent-leader") {
    const shard = open[fault.pick % open.length];
    const start = BigInt(shard?.HashKeyRange?.StartingHashKey ?? "0");
    const middle = start + (BigInt(shard?.HashKeyRange?.EndingHashKey ?? "0") - start) / 2n;
    const id = shard?.ShardId as string;
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: id, NewStartingHashKey: middle.toString() }));
    log(`chaos: split ${id} at ${middle}`);
    return { action: `split ${id}`, parents: [id], victim: await backend.shardLeader?.(stream, id) };
  }
  const i = fault.pick % Math.max(open.length - 1, 1);
  const [a, b] = [open[i]?.ShardId as string, open[i + 1]?.ShardId as string];
  await kinesis.send(new MergeShardsCommand({ StreamName: stream, ShardToMerge: a, AdjacentShardToMerge: b }));
  log(`chaos: merge ${a} and ${b}`);
  return { action: `merge ${a}+${b}`, parents: [a, b], victim: await metaLeader(backend) };
}

/** Waits (bounded) for the stream to be ACTIVE with the reshard's parents closed. */
async function awaitReshard(kinesis: KinesisClient, stream: string, parents: readonly string[], since: number): Promise<{ completed: boolean; activeAfterMs: number | null }> {
  const done = await waitFor(
    "the reshard to complete",
    async () => {
      if ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus !== "ACTIVE") return undefined;
      const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
      return parents.every((p) => shards.find((s) => s.ShardId === p)?.SequenceNumberRange?.EndingSequenceNumber) ? Date.now() : undefined;
    },
    60_000,
    100,
  ).catch(() => undefined);
  return { completed: done !== undefined, activeAfterMs: done === undefined ? null : done - since };
}

/**
 * The longest stretch in [from, to) during which producers waited with no
 * acknowledgement: some record was sent and not yet acknowledged, and no
 * record was acknowledged. Under a load that always has calls in flight this
 * is the longest stretch without an acknowledgement; under a paced load it
 * leaves out the idle time between calls, so that sparse calls do not read as
 * gaps. `acks` must include those after `to` (a record still waiting at `to`).
 * A record never acknowledged (given up, or unanswered when the load stopped)
 * has no Ack and does not count.
 */
export function longestGap(acks: readonly Ack[], from: number, to: number): number {
  return gapWithin(acks, from, to).ms;
}

/** longestGap, and when that stretch began (ms since the epoch). */
function gapWithin(acks: readonly Ack[], from: number, to: number): { ms: number; at: number } {
  const sorted = acks.filter((a) => a.ackAt >= from).sort((a, b) => a.ackAt - b.ackAt);
  // The earliest send among the records acknowledged at or after each position.
  const firstSentFrom: number[] = new Array<number>(sorted.length + 1).fill(Infinity);
  for (let i = sorted.length - 1; i >= 0; i--) firstSentFrom[i] = Math.min((sorted[i] as Ack).sentAt, firstSentFrom[i + 1] as number);
  let longest = { ms: 0, at: from };
  let previous = from;
  for (const [i, a] of sorted.entries()) {
    const waitingSince = Math.max(previous, firstSentFrom[i] as number);
    const until = Math.min(a.ackAt, to);
    if (until - waitingSince > longest.ms) longest = { ms: until - waitingSince, at: waitingSince };
    if (a.ackAt >= to) break;
    previous = a.ackAt;
  }
  return longest;
}

/** kill -9, then the disk is lost. */
async function replaceNode(backend: ClusterBackend, node: NodeName, killed: Set<NodeName>): Promise<void> {
  if (!backend.wipe) throw new Error(`the ${backend.kind} backend cannot delete a node's data`);
  await backend.kill(node);
  killed.add(node);
  await backend.wipe(node);
}

/** Waits (up to a minute) until `node` answers under a new incarnation, holds as many groups as a peer, and leads some. */
async function awaitReplacement(backend: ClusterBackend, node: NodeName, startedAt: number): Promise<{ incarnation: number; rebuiltAfterMs: number | null }> {
  const peer = NODE_NAMES.find((n) => n !== node) as NodeName;
  let incarnation = 0;
  const done = await waitFor(
    `${node} to be rebuilt`,
    async () => {
      const [mine, theirs] = [await backend.status(node), await backend.status(peer)];
      incarnation = mine?.incarnation ?? 0;
      const ok = mine && theirs && mine.incarnation > 1 && mine.groups.length >= theirs.groups.length && mine.groups.some((g) => g.state === "leader");
      return ok ? Date.now() : undefined;
    },
    60_000,
    200,
  ).catch(() => undefined);
  return { incarnation, rebuiltAfterMs: done === undefined ? null : done - startedAt };
}

/** Each node in turn: a planned stop (SIGTERM), a start, and a wait (bounded) until it is back and leads again. When each step ended (ms since the epoch). */
async function rollingRestart(backend: ClusterBackend, log: (line: string) => void): Promise<RestartStep[]> {
  const steps: RestartStep[] = [];
  for (const node of NODE_NAMES) {
    const stopAt = Date.now();
    await backend.terminate(node);
    const stoppedAt = Date.now();
    log(`chaos:        ${node} stopped (SIGTERM) in ${stoppedAt - stopAt} ms; starting it again`);
    await backend.restart(node);
    const startedAt = Date.now();
    await waitFor(`${node} to lead again`, async () => ((await backend.status(node))?.groups.some((g) => g.state === "leader") ? true : undefined), 60_000, 200);
    steps.push({ node, stopAt, stoppedAt, startedAt, leadingAt: Date.now() });
    await sleep(1_000);
  }
  return steps;
}

/**
 * What a node's turn in a rolling restart takes after its start: leading
 * again (1.3–2 s in the rolling restarts measured, local and compose), then
 * the second rollingRestart() waits.
 */
const bystanderTurnAfterStartMs = 2_500;

/**
 * The bystander-restart control: the bystander stopped and started three
 * times, each turn as long after its start as a node's in a rolling restart.
 */
async function bystanderRestarts(backend: ClusterBackend, log: (line: string) => void): Promise<RestartStep[]> {
  const steps: RestartStep[] = [];
  for (let turn = 0; turn < NODE_NAMES.length; turn++) {
    const stopAt = Date.now();
    const { stoppedAt, startedAt } = await backend.restartBystander();
    log(`chaos:        bystander stopped in ${stoppedAt - stopAt} ms, started in ${startedAt - stoppedAt} ms`);
    steps.push({ node: "bystander", stopAt, stoppedAt, startedAt });
    await sleep(bystanderTurnAfterStartMs);
  }
  return steps;
}

/** The shard groups (not the meta group) `node` leads now. */
async function shardGroupsLedBy(backend: ClusterBackend, node: NodeName): Promise<number[]> {
  const status = await backend.status(node);
  return status?.groups.filter((g) => g.state === "leader" && g.groupId !== 0).map((g) => Number(g.groupId)) ?? [];
}

/** Polls the other nodes until each of `groups` has a leader other than `node`; when that was (ms since the epoch), or undefined if not by `until`. */
async function watchNewLeaders(backend: ClusterBackend, node: NodeName, groups: readonly number[], until: number): Promise<number | undefined> {
  const others = NODE_NAMES.filter((n) => n !== node);
  while (Date.now() < until) {
    const led = new Set<number>();
    for (const other of others) {
      const status = await backend.status(other);
      for (const g of status?.groups ?? []) if (g.state === "leader") led.add(Number(g.groupId));
    }
    if (groups.every((g) => led.has(g))) return Date.now();
    await sleep(50);
  }
  return undefined;
}

/** When the last shard acknowledged its first record sent at or after `from`; undefined if some shard has none. */
export function firstAckPerShardAfter(acks: readonly Ack[], from: number): number | undefined {
  const first = new Map<string, number>();
  const shards = new Set<string>();
  for (const a of acks) {
    shards.add(a.shard);
    if (a.sentAt >= from) first.set(a.shard, Math.min(first.get(a.shard) ?? Infinity, a.ackAt));
  }
  if (first.size < shards.size) return undefined;
  return Math.max(...first.values());
}

/** longestGap for each shard on its own (a record sent to it waiting, none of its records acknowledged): the worst, when it began (ms since the epoch), and which shard. */
export function worstShardGap(acks: readonly Ack[], from: number, to: number): { ms: number; at: number; shard: string } {
  const byShard = new Map<string, Ack[]>();
  for (const a of acks) {
    const list = byShard.get(a.shard) ?? [];
    list.push(a);
    byShard.set(a.shard, list);
  }
  let worst = { ms: 0, at: from, shard: "" };
  for (const [shard, list] of byShard) {
    const gap = gapWithin(list, from, to);
    if (gap.ms > worst.ms) worst = { ...gap, shard };
  }
  return worst;
}

function perSecond(acks: readonly Ack[], from: number): number[] {
  const buckets: number[] = [];
  for (const a of acks) {
    const s = Math.max(0, Math.floor((a.ackAt - from) / 1000));
    while (buckets.length <= s) buckets.push(0);
    buckets[s] = (buckets[s] ?? 0) + 1;
  }
  return buckets;
}

export function formatChaosReport(r: ChaosReport): string {
  const lines = [
    `chaos report: ${r.ok ? "OK" : "FAILED"} (backend ${r.backend}, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(0)} s)`,
    `  schedule   ${r.schedule || "(no faults)"}`,
    `  load       ${r.sentRecords} records sent in ${r.workload.calls} calls; ${r.workload.callErrors} calls and ${r.workload.recordErrors} records failed and were retried; ${r.workload.unacknowledged} never acknowledged`,
  ];
  if (Object.keys(r.errors).length) lines.push(`  errors     ${Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  lines.push(`  no fault   ${r.baseline.ms} ms of load before the first fault; longest gap of any shard ${r.baseline.longestShardGapMs} ms`);
  for (const f of r.faults) {
    lines.push(
      `  fault      ${f.kind.padEnd(16)} ${f.nodes.join(",").padEnd(10)} ${String(f.holdMs).padStart(5)} ms; writes back after ${f.writesBackAfterMs ?? "—"} ms; longest gap ${f.longestWriteGapMs} ms (worst shard ${f.longestShardGapMs} ms, from ${f.longestShardGapAtMs} ms in)${f.shardsBackAfterRestartMs !== undefined ? `; every shard writing ${f.shardsBackAfterRestartMs ?? "—"} ms after the restart` : ""}${f.newLeadersAfterMs !== undefined ? `; new leaders after ${f.newLeadersAfterMs ?? "—"} ms, every shard writing ${f.shardsBackAfterNewLeadersMs ?? "—"} ms later` : ""}${f.acknowledgedWithoutMajority !== undefined ? `; ${f.acknowledgedWithoutMajority} acknowledged without a majority` : ""}`,
    );
    for (const s of f.restarts ?? []) lines.push(`             ${s.node}: stopping ${s.stopMs}–${s.stoppedMs} ms in, started by ${s.startedMs} ms${s.leadingMs !== undefined ? `, leading again by ${s.leadingMs} ms` : ""}`);
  }
  lines.push(formatDurability(r.durability).replace(/^/gm, "  "));
  return lines.join("\n");
}
