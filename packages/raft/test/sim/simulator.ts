/**
 * A seeded, deterministic simulator of whole Raft clusters in one process.
 *
 * It runs the real RawNode over a simulated disk (MemoryLogStore, written
 * only when a node processes its Ready, and made durable only when the Ready
 * says `mustSync`), a simulated network (drops, delays, duplicates,
 * reordering, two-way and one-way partitions) and simulated time (ticks).
 * Nodes crash and lose everything written since their last fsync; clients
 * propose throughout; leaders are asked to transfer; reads go through
 * ReadIndex; logs are compacted and snapshots sent; some seeds change the
 * membership. After every step it checks the safety properties of Raft
 * (Figure 3 of the paper); at the end it heals every fault and checks that the
 * cluster elects a leader and applies every committed entry everywhere.
 *
 * Two profiles: "standard" (a membership change now and then) and
 * "reconfiguration" (frequent membership changes that also remove leaders,
 * messages delayed past several election timeouts, appliers that lag behind
 * the commit index): the windows where a configuration change proposed too
 * early, or an election held with unapplied configuration changes, breaks
 * safety.
 *
 * Everything random comes from one seed, so any run replays exactly.
 */
import { RawNode, raftOf } from "../../src/raw-node.js";
import type { Raft } from "../../src/raft.js";
import { confChangeOf } from "../../src/conf-change.js";
import { MemoryLogStore } from "../../src/log-store.js";
import { createRandom } from "../../src/random.js";
import { ProposalDroppedError } from "../../src/errors.js";
import type { ConfState, Entry, LogIndex, Message, NodeId, Snapshot } from "../../src/types.js";
import { ConfChangeType, EntryType, logIndex, MessageType, nodeId, StateType } from "../../src/types.js";

export interface SimulationOptions {
  readonly seed: number;
  /** Initial voters: 3 or 5. */
  readonly nodes: number;
  /** Steps with faults injected; then faults heal. */
  readonly chaosSteps: number;
  /** Bound on steps after healing for the cluster to converge. */
  readonly healStepsMax: number;
  /** Whether this run adds and removes members. */
  readonly membershipChanges: boolean;
  /** "reconfiguration": frequent membership changes (leaders removed too), long message delays, lagging appliers. */
  readonly profile: "standard" | "reconfiguration";
  /** Print a line per event (for replaying one seed). */
  readonly trace?: (line: string) => void;
}

export interface FaultCounts {
  crash: number;
  /** Crashes of a leader between sending its Appends and persisting them (its write lost). */
  crashDuringWrite: number;
  restart: number;
  partition: number;
  oneWayPartition: number;
  heal: number;
  pause: number;
  dropped: number;
  duplicated: number;
  transfer: number;
  compaction: number;
  snapshotSent: number;
  membership: number;
}

export interface SimulationResult {
  readonly seed: number;
  readonly steps: number;
  readonly faults: FaultCounts;
  readonly committed: number;
  readonly reads: number;
  readonly leadersElected: number;
}

export class SafetyViolation extends Error {
  constructor(
    readonly seed: number,
    readonly step: number,
    detail: string,
  ) {
    super(`seed ${seed}, step ${step}: ${detail}`);
    this.name = "SafetyViolation";
  }
}

const electionTimeoutTicks = 10;
const messageDelayTicksMax = 3;
/** Reconfiguration profile: a share of messages is held past several election timeouts. */
const longDelayProbability = 0.08;
const longDelayTicksMax = 4 * electionTimeoutTicks;
/** Reconfiguration profile: how often a newly elected leader changes the membership at once. */
const newLeaderChangeProbability = 0.2;
/** Reconfiguration profile: how often a leader is cut off right after proposing a change, so the next leader may inherit it uncommitted. */
const cutAfterChangeProbability = 0.3;
/** How often a leader with entries in flight crashes before its own write of them is done (after its Appends left). */
const crashDuringWriteChance = 0.01;
const compactionKeepEntries = 5;
const compactionThresholdEntries = 20;
const readTimeoutSteps = 200;

interface StateMachine {
  appliedIndex: number;
  /** A hash chain over every applied entry: equal hashes at an index mean equal histories. */
  hash: number;
  confState: ConfState;
}

interface SimNode {
  readonly id: NodeId;
  /** What the node has written through its Readies (the page cache): what its Raft reads. */
  disk: MemoryLogStore;
  /** What survives a crash: the disk as of the last Ready that said `mustSync`. */
  synced: MemoryLogStore;
  raw: RawNode | undefined;
  sm: StateMachine;
  pausedUntil: number;
  incarnation: number;
  /** The role last observed, to catch the moment a node starts campaigning. */
  lastState: StateType;
}

interface InFlight {
  readonly deliverAt: number;
  readonly message: Message;
}

interface PendingRead {
  readonly node: NodeId;
  readonly issuedAt: number;
  /** Highest index known committed when the read was issued: the read point must not be earlier. */
  readonly committedAtIssue: number;
}

/** The Raft state machine of a running node (undefined while it is down). */
function raftIn(node: { raw: RawNode | undefined }): Raft | undefined {
  return node.raw ? raftOf(node.raw) : undefined;
}

function fnv(hash: number, text: string): number {
  let h = hash >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function hashEntry(previous: number, e: Entry): number {
  let h = fnv(previous, `${e.index}/${e.term}/${e.type}/`);
  for (const b of e.data) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encodeSnapshotData(sm: StateMachine): Uint8Array {
  return encoder.encode(JSON.stringify({ appliedIndex: sm.appliedIndex, hash: sm.hash }));
}

function stateMachineFromSnapshot(s: Snapshot): StateMachine {
  if (s.metadata.index === 0) return { appliedIndex: 0, hash: 0, confState: s.metadata.confState };
  const parsed = JSON.parse(decoder.decode(s.data)) as { appliedIndex: number; hash: number };
  return { appliedIndex: parsed.appliedIndex, hash: parsed.hash, confState: s.metadata.confState };
}

function entryKey(e: Entry): string {
  return `${e.type}:${decoder.decode(e.data)}`;
}

export class Simulation {
  private readonly rand: () => number;
  private readonly nodes = new Map<NodeId, SimNode>();
  private inFlight: InFlight[] = [];
  /** Directed edges "from>to" that drop every message. */
  private readonly cut = new Set<string>();
  private now = 0;
  private nextNodeNumber: number;
  private nextProposal = 0;
  private nextRead = 0;
  private dropProbability = 0.05;
  private duplicateProbability = 0.02;
  private delayMax = messageDelayTicksMax;
  /** Whether faults are being injected (false once healed). */
  private chaos = true;

  // --- what the invariants remember
  /** term -> the one leader of that term */
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** "index/term" -> entry content and the term of the entry before it */
  private readonly entryAt = new Map<string, { key: string; prevTerm: number | undefined }>();
  /** index -> hash of the applied history up to it (state machine safety) */
  private readonly appliedHashAt = new Map<number, number>();
  /** index -> term of every entry ever applied anywhere (committed) */
  private readonly committedTermAt = new Map<number, number>();
  private maxCommitted = 0;
  private readonly pendingReads = new Map<string, PendingRead>();
  /** The configuration after the last committed configuration change anyone applied. */
  private latestConfig: { index: number; voters: NodeId[] };
  /** Members removed by a committed configuration change. */
  private readonly removed = new Set<NodeId>();

  readonly faults: FaultCounts = {
    crash: 0,
    crashDuringWrite: 0,
    restart: 0,
    partition: 0,
    oneWayPartition: 0,
    heal: 0,
    pause: 0,
    dropped: 0,
    duplicated: 0,
    transfer: 0,
    compaction: 0,
    snapshotSent: 0,
    membership: 0,
  };
  private reads = 0;
  private steps = 0;

  constructor(private readonly options: SimulationOptions) {
    this.rand = createRandom(options.seed);
    const voters = Array.from({ length: options.nodes }, (_, i) => nodeId(`n${i + 1}`));
    this.nextNodeNumber = options.nodes + 1;
    this.latestConfig = { index: 0, voters };
    for (const id of voters) this.addNode(id, MemoryLogStore.bootstrap(voters));
  }

  // ------------------------------------------------------------ helpers

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  private reconfiguring(): boolean {
    return this.options.profile === "reconfiguration";
  }

  private pick<T>(items: readonly T[]): T | undefined {
    if (items.length === 0) return undefined;
    return items[Math.floor(this.rand() * items.length)];
  }

  private trace(line: string): void {
    this.options.trace?.(`[${this.now}] ${line}`);
  }

  private violation(detail: string): never {
    throw new SafetyViolation(this.options.seed, this.steps, detail);
  }

  private addNode(id: NodeId, disk: MemoryLogStore): SimNode {
    const node: SimNode = { id, disk, synced: disk.clone(), raw: undefined, sm: stateMachineFromSnapshot(disk.snapshot()), pausedUntil: 0, incarnation: 0, lastState: StateType.Follower };
    this.nodes.set(id, node);
    this.start(node);
    return node;
  }

  /** (Re)starts a node from its disk: the state machine restarts from the stored snapshot. */
  private start(node: SimNode): void {
    const snapshot = node.disk.snapshot();
    node.sm = stateMachineFromSnapshot(snapshot);
    node.incarnation++;
    node.lastState = StateType.Follower;
    node.raw = new RawNode({
      id: node.id,
      store: node.disk,
      random: createRandom(this.options.seed * 7919 + node.incarnation * 104729 + node.id.charCodeAt(1)),
      electionTimeoutTicks,
      heartbeatIntervalTicks: 1,
      applied: snapshot.metadata.index,
      // Half the seeds send one entry per Append, which opens the windows of
      // Figure 8 (an old-term entry on a majority before the new leader's own).
      appendMessageBytesMax: this.options.seed % 2 === 0 ? 1 : 64,
      inflightMessagesMax: 8,
      uncommittedBytesMax: 4096,
      // Reconfiguration profile: committed entries reach the application a few at a time, so
      // a node often knows of committed configuration changes it has not applied yet.
      ...(this.reconfiguring() ? { committedBytesPerReadyMax: 1 } : {}),
    });
  }

  private live(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.raw !== undefined);
  }

  private leaders(): SimNode[] {
    return this.live().filter((n) => raftIn(n)?.state === StateType.Leader);
  }

  // ------------------------------------------------------------ network

  private send(m: Message): void {
    if (this.cut.has(`${m.from}>${m.to}`) || this.chance(this.dropProbability)) {
      this.faults.dropped++;
      // A transport that fails to ship a snapshot usually knows it.
      if (m.type === MessageType.Snapshot && this.chance(0.5)) this.nodes.get(m.from)?.raw?.reportSnapshot(m.to, false);
      return;
    }
    if (m.type === MessageType.Snapshot) this.faults.snapshotSent++;
    const copies = this.chance(this.duplicateProbability) ? 2 : 1;
    if (copies === 2) this.faults.duplicated++;
    for (let i = 0; i < copies; i++) {
      const delayMax = this.reconfiguring() && this.delayMax > 1 && this.chance(longDelayProbability) ? longDelayTicksMax : this.delayMax;
      this.inFlight.push({ deliverAt: this.now + Math.floor(this.rand() * (delayMax + 1)), message: m });
    }
  }

  private deliverDue(): void {
    const due: InFlight[] = [];
    const later: InFlight[] = [];
    for (const f of this.inFlight) (f.deliverAt <= this.now ? due : later).push(f);
    this.inFlight = later;
    // Messages due in the same tick arrive in any order.
    for (let i = due.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [due[i], due[j]] = [due[j] as InFlight, due[i] as InFlight];
    }
    for (const { message: m } of due) {
      const target = this.nodes.get(m.to);
      if (!target?.raw || target.pausedUntil > this.now) {
        this.faults.dropped++;
        continue;
      }
      target.raw.step(m);
      this.observeLeadership(target);
    }
  }

  // ------------------------------------------------------------ Ready: persist, send, apply, advance

  private processReady(node: SimNode): void {
    const raw = node.raw;
    if (!raw || !raw.hasReady()) return;
    const rd = raw.ready();
    // 0. A leader's Appends may leave first: it counts its own entries only once persisted (advance).
    for (const m of rd.appendsBeforePersist) this.send(m);
    if (rd.appendsBeforePersist.length > 0 && rd.entries.length > 0 && this.chaos && this.chance(crashDuringWriteChance)) {
      // It dies before its write is done: the followers may hold entries it lost.
      this.crash(node);
      this.faults.crashDuringWrite++;
      this.trace(`crash ${node.id} while writing entries it already sent`);
      return;
    }
    // 1. Persist: snapshot, entries, hard state.
    if (rd.snapshot) {
      node.disk.applySnapshot(rd.snapshot);
      this.checkSnapshot(node, rd.snapshot);
    }
    if (rd.entries.length > 0) {
      node.disk.append(rd.entries);
      this.checkLogMatching(node, rd.entries);
    }
    if (rd.hardState) node.disk.setHardState(rd.hardState);
    // An fsync makes everything written so far durable; without one, a crash loses it.
    if (rd.mustSync) node.synced = node.disk.clone();
    if (rd.hardState) this.checkCommitDurable(node, rd.hardState.commit);
    // 2. Send, but only what the synced disk now vouches for.
    for (const m of rd.messages) {
      this.checkDurableBeforeSend(node, m);
      this.send(m);
    }
    // 3. Apply.
    if (rd.snapshot) node.sm = stateMachineFromSnapshot(rd.snapshot);
    for (const e of rd.committedEntries) this.apply(node, raw, e);
    for (const rs of rd.readStates) this.checkRead(node, rs.index, rs.requestContext);
    // 4. Advance.
    raw.advance();
    this.maybeCompact(node);
  }

  private apply(node: SimNode, raw: RawNode, e: Entry): void {
    if (e.index !== node.sm.appliedIndex + 1) {
      this.violation(`${node.id} applied index ${e.index} after ${node.sm.appliedIndex}: applied entries must be contiguous`);
    }
    node.sm.hash = hashEntry(node.sm.hash, e);
    node.sm.appliedIndex = e.index;
    // State machine safety: no two nodes apply different entries at one index.
    const known = this.appliedHashAt.get(e.index);
    if (known === undefined) this.appliedHashAt.set(e.index, node.sm.hash);
    else if (known !== node.sm.hash) this.violation(`${node.id} applied a different history at index ${e.index} (term ${e.term})`);
    const knownTerm = this.committedTermAt.get(e.index);
    if (knownTerm !== undefined && knownTerm !== e.term) this.violation(`${node.id} applied (index ${e.index}, term ${e.term}), but term ${knownTerm} was committed there`);
    this.committedTermAt.set(e.index, e.term);
    this.maxCommitted = Math.max(this.maxCommitted, e.index);
    if (e.type === EntryType.ConfChange) {
      const cc = confChangeOf(e);
      node.sm.confState = raw.applyConfChange(cc);
      if (e.index > this.latestConfig.index) this.latestConfig = { index: e.index, voters: [...node.sm.confState.voters] };
      if (cc.type === ConfChangeType.RemoveNode) this.removed.add(cc.nodeId);
      this.trace(`${node.id} applied conf change ${ConfChangeType[cc.type]} ${cc.nodeId} at ${e.index}: voters ${node.sm.confState.voters.join(",")}`);
    }
  }

  private maybeCompact(node: SimNode): void {
    const applied = node.sm.appliedIndex;
    if (applied - node.disk.firstIndex() < compactionThresholdEntries || !this.chance(0.3)) return;
    if (applied <= node.disk.snapshot().metadata.index) return;
    node.disk.createSnapshot(logIndex(applied), node.sm.confState, encodeSnapshotData(node.sm));
    node.disk.compact(logIndex(applied - compactionKeepEntries));
    this.faults.compaction++;
  }

  // ------------------------------------------------------------ invariants

  /** Log matching (§5.3): an entry is identified by (index, term); equal ids mean equal content and equal predecessors. */
  private checkLogMatching(node: SimNode, entries: readonly Entry[]): void {
    for (const e of entries) {
      const id = `${e.index}/${e.term}`;
      let prevTerm: number | undefined;
      try {
        prevTerm = e.index > 1 ? node.disk.term(logIndex(e.index - 1)) : 0;
      } catch {
        prevTerm = undefined; // compacted: the check was made when it was written
      }
      const key = entryKey(e);
      const known = this.entryAt.get(id);
      if (!known) {
        this.entryAt.set(id, { key, prevTerm });
        continue;
      }
      if (known.key !== key) this.violation(`${node.id} holds a different entry at (index ${e.index}, term ${e.term})`);
      if (known.prevTerm !== undefined && prevTerm !== undefined && known.prevTerm !== prevTerm) {
        this.violation(`log matching: ${node.id} has term ${prevTerm} before (index ${e.index}, term ${e.term}), elsewhere ${known.prevTerm}`);
      }
    }
  }

  /** A crash loses everything not yet persisted through a Ready, and every write since the last fsync. */
  private crash(node: SimNode): void {
    node.raw = undefined;
    node.disk = node.synced.clone();
  }

  /**
   * A leader's commit index never runs ahead of what a majority of the
   * voters hold on synced disks: the leader itself counts only once its own
   * write is done, even though its Appends left before.
   */
  private checkCommitDurable(node: SimNode, commit: number): void {
    const raft = raftIn(node);
    if (!raft || raft.state !== StateType.Leader || commit === 0) return;
    const t = raft.log.term(logIndex(commit));
    if (t === undefined) return; // compacted here: long committed
    let holders = 0;
    for (const id of raft.voters) {
      const synced = this.nodes.get(id)?.synced;
      if (!synced) continue;
      let stored: number | undefined;
      try {
        stored = synced.term(logIndex(commit));
      } catch {
        stored = commit < synced.firstIndex() ? t : undefined; // compacted there: applied, so held
      }
      if (stored === t) holders++;
    }
    if (holders <= raft.voters.length / 2) this.violation(`leader ${node.id} committed index ${commit} (term ${t}) held on synced disks by only ${holders} of ${raft.voters.length} voters`);
  }

  /**
   * The durability contract: a vote is on disk (synced) before it is
   * granted, and an entry or snapshot before it is acknowledged. Otherwise a
   * crash right after sending lets a node vote twice in a term, or lets a
   * leader count a lost entry.
   */
  private checkDurableBeforeSend(node: SimNode, m: Message): void {
    const synced = node.synced;
    if (m.type === MessageType.VoteResponse && !m.reject) {
      const hs = synced.initialState().hardState;
      // A later term on disk also binds: the node can never vote in term m.term again.
      if (hs.term < m.term || (hs.term === m.term && hs.vote !== m.to)) this.violation(`${node.id} granted its vote in term ${m.term} to ${m.to} before persisting it (disk: term ${hs.term}, vote ${hs.vote || "none"})`);
    }
    if (m.type === MessageType.AppendResponse && !m.reject && m.index > 0) {
      const raft = raftIn(node);
      let stored: number | undefined;
      try {
        stored = synced.term(m.index);
      } catch {
        stored = undefined;
      }
      const compacted = m.index < synced.firstIndex() - 1;
      if (!compacted && (stored === undefined || stored !== raft?.log.term(m.index))) {
        this.violation(
          `${node.id} acknowledged index ${m.index} to ${m.to} before persisting it (synced disk: term ${stored}, last ${synced.lastIndex()}; log: term ${raft?.log.term(m.index)})`,
        );
      }
    }
  }

  private checkSnapshot(node: SimNode, s: Snapshot): void {
    const sm = stateMachineFromSnapshot(s);
    const known = this.appliedHashAt.get(s.metadata.index);
    if (known !== undefined && known !== sm.hash) this.violation(`${node.id} installed a snapshot at ${s.metadata.index} whose history differs from what was applied`);
    const t = this.committedTermAt.get(s.metadata.index);
    if (t !== undefined && t !== s.metadata.term) this.violation(`${node.id} installed a snapshot at (${s.metadata.index}, ${s.metadata.term}) but term ${t} was committed there`);
  }

  /** Leader completeness (§5.4): a leader's log holds every entry committed before its term. */
  private checkLeaderCompleteness(node: SimNode): void {
    const raft = raftIn(node);
    if (!raft || raft.state !== StateType.Leader) return;
    const first = raft.log.firstIndex();
    for (const [index, t] of this.committedTermAt) {
      if (index < first - 1) continue; // inside the leader's snapshot, which checkSnapshot vouched for
      const have = raft.log.term(logIndex(index));
      if (have !== t) this.violation(`leader ${node.id} of term ${raft.term} lacks committed entry (index ${index}, term ${t}); has term ${have}`);
    }
  }

  /**
   * Called right after every input that can make a node leader (a tick or a
   * message). Election safety (§5.2): at most one leader per term. Leader
   * completeness (§5.4) binds at the moment of election: everything committed
   * so far was committed in an earlier term, so the new leader must hold it.
   * (Checked later, a stale leader of an old term may rightly lack entries
   * that newer leaders committed since.)
   */
  private observeLeadership(n: SimNode): void {
    const raft = raftIn(n);
    if (!raft) return;
    if (raft.state !== n.lastState) {
      if (raft.state === StateType.PreCandidate || raft.state === StateType.Candidate) this.checkCampaign(n);
      n.lastState = raft.state;
    }
    if (raft.state !== StateType.Leader) return;
    const t = raft.term as number;
    const known = this.leaderOfTerm.get(t);
    if (known === undefined) {
      this.leaderOfTerm.set(t, n.id);
      this.trace(`${n.id} is leader of term ${t}`);
      this.checkLeaderCompleteness(n);
      // A new leader that at once changes the membership: the configuration change
      // rules (one pending at a time, none before the leader's own term commits) bind here.
      if (this.chaos && this.options.membershipChanges && this.reconfiguring() && this.chance(newLeaderChangeProbability)) this.changeMembership(n);
    } else if (known !== n.id) {
      this.violation(`two leaders in term ${t}: ${known} and ${n.id}`);
    }
  }

  /**
   * Configuration changes one at a time (thesis §4.1): a leader appends a
   * configuration change only when every earlier one in its log is committed.
   * Two uncommitted changes let two configurations whose majorities need not
   * overlap decide at once. (A new leader may inherit an uncommitted change
   * from an earlier term: it must commit it before proposing another.)
   */
  private checkConfigurationChange(leader: SimNode): void {
    const raft = raftIn(leader);
    if (!raft) return;
    const last = raft.log.lastIndex();
    const from = Math.max(raft.log.committed + 1, raft.log.firstIndex());
    const pending = raft.log.slice(logIndex(from), last, Number.MAX_SAFE_INTEGER).filter((e) => e.type === EntryType.ConfChange);
    if (pending.length > 0) {
      this.violation(`${leader.id} (term ${raft.term}) appended a configuration change at ${last} while the one at ${pending[0]?.index} is not committed (commit ${raft.log.committed})`);
    }
  }

  /**
   * A node campaigns only under the configuration its log has committed: with
   * a committed configuration change not yet applied, it would count votes
   * against a voter set the group has already left.
   */
  private checkCampaign(node: SimNode): void {
    const raft = raftIn(node);
    if (!raft || raft.log.applied >= raft.log.committed) return;
    const from = Math.max(raft.log.applied + 1, raft.log.firstIndex());
    const unapplied = raft.log.slice(logIndex(from), logIndex(raft.log.committed + 1), Number.MAX_SAFE_INTEGER).find((e) => e.type === EntryType.ConfChange);
    if (unapplied) this.violation(`${node.id} campaigned in term ${raft.term} with the committed configuration change at ${unapplied.index} not applied (applied ${raft.log.applied})`);
  }

  /** A ReadIndex read point must include everything committed before the read was issued (linearizability). */
  private checkRead(node: SimNode, index: LogIndex, context: Uint8Array): void {
    const key = decoder.decode(context);
    const pending = this.pendingReads.get(key);
    if (!pending) return; // Answered twice (a duplicated message): the first answer counted.
    this.pendingReads.delete(key);
    if (pending.node !== node.id) this.violation(`read ${key} answered on ${node.id}, asked on ${pending.node}`);
    if (index < pending.committedAtIssue) this.violation(`read ${key} got read point ${index}, but ${pending.committedAtIssue} was committed when it was issued`);
    this.reads++;
  }

  // ------------------------------------------------------------ clients and faults

  private propose(): void {
    const leader = this.pick(this.leaders());
    if (!leader?.raw) return;
    const data = encoder.encode(`s${this.options.seed}-p${this.nextProposal++}`);
    try {
      leader.raw.propose(data);
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err;
    }
  }

  private requestRead(): void {
    const node = this.pick(this.live());
    if (!node?.raw) return;
    const key = `r${this.nextRead++}`;
    this.pendingReads.set(key, { node: node.id, issuedAt: this.now, committedAtIssue: this.maxCommitted });
    node.raw.readIndex(encoder.encode(key));
  }

  private changeMembership(proposer?: SimNode): void {
    const leader = proposer ?? this.pick(this.leaders());
    if (!leader?.raw) return;
    const voters = raftOf(leader.raw).voters;
    let change: { type: ConfChangeType; nodeId: NodeId };
    if (voters.length > 3 && this.chance(0.5)) {
      // The reconfiguration profile removes leaders too: the group must elect among the rest.
      const victim = this.pick(this.reconfiguring() ? voters : voters.filter((v) => v !== leader.id));
      if (!victim) return;
      change = { type: ConfChangeType.RemoveNode, nodeId: victim };
    } else if (voters.length < 6) {
      const id = nodeId(`n${this.nextNodeNumber++}`);
      // A brand-new member: an empty disk, it learns the membership from the log or a snapshot.
      this.addNode(id, new MemoryLogStore());
      change = { type: ConfChangeType.AddNode, nodeId: id };
    } else {
      return;
    }
    try {
      leader.raw.proposeConfChange(change);
      this.faults.membership++;
      this.trace(`${leader.id} proposed ${ConfChangeType[change.type]} ${change.nodeId}`);
      this.checkConfigurationChange(leader);
      if (this.reconfiguring() && this.chaos && this.chance(cutAfterChangeProbability)) {
        // The leader is cut off while its change is in flight: the next leader may inherit it uncommitted.
        for (const other of this.nodes.keys()) if (other !== leader.id) this.cut.add(`${leader.id}>${other}`).add(`${other}>${leader.id}`);
        this.faults.partition++;
        this.trace(`partition ${leader.id} right after its configuration change`);
      }
    } catch (err) {
      if (!(err instanceof ProposalDroppedError)) throw err;
    }
  }

  private injectFault(): void {
    const ids = [...this.nodes.keys()];
    const r = this.rand();
    if (r < 0.25) {
      // Leaders crash more often than their share: that is where the hard cases start.
      const victim = this.chance(0.5) ? (this.pick(this.leaders()) ?? this.pick(this.live())) : this.pick(this.live());
      if (!victim) return;
      this.crash(victim);
      this.faults.crash++;
      this.trace(`crash ${victim.id}`);
    } else if (r < 0.45) {
      const dead = this.pick([...this.nodes.values()].filter((n) => !n.raw));
      if (!dead) return;
      this.start(dead);
      this.faults.restart++;
      this.trace(`restart ${dead.id}`);
    } else if (r < 0.6) {
      // Split into two sides, two-way.
      const shuffled = [...ids].sort(() => this.rand() - 0.5);
      const cutAt = 1 + Math.floor(this.rand() * (shuffled.length - 1));
      const side = new Set(shuffled.slice(0, cutAt));
      for (const a of ids) for (const b of ids) if (side.has(a) !== side.has(b)) this.cut.add(`${a}>${b}`);
      this.faults.partition++;
      this.trace(`partition {${[...side].join(",")}} from the rest`);
    } else if (r < 0.7) {
      const a = this.pick(ids);
      const b = this.pick(ids);
      if (!a || !b || a === b) return;
      this.cut.add(`${a}>${b}`);
      this.faults.oneWayPartition++;
      this.trace(`one-way partition ${a} -> ${b}`);
    } else if (r < 0.82) {
      this.cut.clear();
      this.faults.heal++;
      this.trace("heal partitions");
    } else if (r < 0.9) {
      const victim = this.pick(this.live());
      if (!victim) return;
      // Longer than an election timeout: a stopped process whose peers move on.
      victim.pausedUntil = this.now + electionTimeoutTicks + Math.floor(this.rand() * 3 * electionTimeoutTicks);
      this.faults.pause++;
      this.trace(`pause ${victim.id} until ${victim.pausedUntil}`);
    } else {
      const leader = this.pick(this.leaders());
      const target = leader ? this.pick(raftIn(leader)?.voters ?? []) : undefined;
      if (!leader?.raw || !target) return;
      leader.raw.transferLeader(target);
      this.faults.transfer++;
      this.trace(`transfer leadership ${leader.id} -> ${target}`);
    }
  }

  // ------------------------------------------------------------ the loop

  private step(chaos: boolean): void {
    this.chaos = chaos;
    this.now++;
    this.steps++;
    if (chaos && this.chance(0.08)) this.injectFault();
    if (chaos && this.options.membershipChanges && this.chance(this.reconfiguring() ? 0.03 : 0.004)) this.changeMembership();
    if (this.chance(chaos ? 0.3 : 0.1)) this.propose();
    if (this.chance(0.05)) this.requestRead();
    for (const n of this.live()) {
      if (n.pausedUntil > this.now) continue;
      // Clocks drift: a node sometimes misses a tick.
      if (!chaos || this.chance(0.95)) {
        n.raw?.tick();
        this.observeLeadership(n);
      }
    }
    this.deliverDue();
    for (const n of this.live()) {
      if (n.pausedUntil > this.now) continue;
      // Disks are not all equally fast: a node sometimes processes its Ready a step late
      // (often, in the reconfiguration profile, so appliers lag behind what is committed).
      if (!chaos || this.chance(this.reconfiguring() ? 0.6 : 0.85)) this.processReady(n);
    }
    for (const [key, read] of this.pendingReads) {
      if (this.now - read.issuedAt > readTimeoutSteps) this.pendingReads.delete(key); // a dropped request; clients retry
    }
  }

  private heal(): void {
    this.cut.clear();
    this.dropProbability = 0;
    this.duplicateProbability = 0;
    this.delayMax = 1;
    for (const n of this.nodes.values()) {
      n.pausedUntil = 0;
      if (this.removed.has(n.id)) {
        n.raw = undefined; // A removed member is shut down.
      } else if (!n.raw) {
        // Every other node comes back, including one whose addition may still commit.
        this.start(n);
        this.faults.restart++;
      }
    }
    this.trace(`heal: voters ${this.latestConfig.voters.join(",")}`);
  }

  /** True when one leader leads every member and everyone has applied everything committed. */
  private converged(): boolean {
    const members = this.latestConfig.voters.map((id) => this.nodes.get(id));
    const leaders = this.leaders();
    if (leaders.length !== 1) return false;
    const leader = leaders[0] as SimNode;
    const leaderCommit = raftIn(leader)?.log.committed ?? 0;
    return members.every(
      (n) => n?.raw && raftOf(n.raw).lead === leader.id && n.sm.appliedIndex >= this.maxCommitted && n.sm.appliedIndex >= leaderCommit,
    );
  }

  run(): SimulationResult {
    for (let i = 0; i < this.options.chaosSteps; i++) this.step(true);
    this.heal();
    // One last proposal after healing: it must commit and reach everyone too.
    let proposedAfterHeal = false;
    for (let i = 0; i < this.options.healStepsMax; i++) {
      this.step(false);
      if (!proposedAfterHeal && this.leaders().length === 1) {
        this.propose();
        proposedAfterHeal = true;
      }
      if (proposedAfterHeal && this.converged()) {
        this.checkConvergedHistories();
        return this.result();
      }
    }
    const status = [...this.nodes.values()].map((n) => {
      const r = raftIn(n);
      return r ? `${n.id}:${r.state}/t${r.term}/lead=${r.lead}/commit=${r.log.committed}/applied=${n.sm.appliedIndex}` : `${n.id}:down`;
    });
    this.violation(`no convergence within ${this.options.healStepsMax} steps after healing (max committed ${this.maxCommitted}; ${status.join(" ")})`);
  }

  private checkConvergedHistories(): void {
    // Every member applied the same history up to what was committed.
    for (const id of this.latestConfig.voters) {
      const n = this.nodes.get(id) as SimNode;
      const expected = this.appliedHashAt.get(n.sm.appliedIndex);
      if (expected !== undefined && expected !== n.sm.hash) this.violation(`${id} converged to a different history`);
    }
  }

  private result(): SimulationResult {
    return {
      seed: this.options.seed,
      steps: this.steps,
      faults: this.faults,
      committed: this.maxCommitted,
      reads: this.reads,
      leadersElected: this.leaderOfTerm.size,
    };
  }
}

/** The standard run for a seed: cluster size and membership changes derive from the seed. */
export function optionsForSeed(seed: number, nodes: 3 | 5, trace?: (line: string) => void): SimulationOptions {
  return {
    seed,
    nodes,
    chaosSteps: 400,
    healStepsMax: 600,
    membershipChanges: seed % 3 !== 2,
    profile: seed % 3 === 1 ? "reconfiguration" : "standard",
    ...(trace ? { trace } : {}),
  };
}

export function simulate(options: SimulationOptions): SimulationResult {
  return new Simulation(options).run();
}

export interface Summary {
  seeds: number;
  steps: number;
  faults: number;
  crashesDuringWrite: number;
  committed: number;
  reads: number;
  violations: number;
  failedSeeds: number[];
}

export function emptySummary(): Summary {
  return { seeds: 0, steps: 0, faults: 0, crashesDuringWrite: 0, committed: 0, reads: 0, violations: 0, failedSeeds: [] };
}

export function addToSummary(summary: Summary, r: SimulationResult): void {
  summary.seeds++;
  summary.steps += r.steps;
  const f = r.faults;
  summary.faults += f.crash + f.crashDuringWrite + f.restart + f.partition + f.oneWayPartition + f.heal + f.pause + f.dropped + f.duplicated + f.transfer + f.membership;
  summary.committed += r.committed;
  summary.reads += r.reads;
  summary.crashesDuringWrite += f.crashDuringWrite;
}

export function formatSummary(label: string, s: Summary): string {
  return `simulator ${label}: ${s.seeds} seeds, ${s.steps} steps, ${s.faults} faults injected (${s.crashesDuringWrite} crashes of a leader whose Appends left before its write), ${s.committed} entries committed, ${s.reads} linearizable reads, ${s.violations} violations`;
}
