/**
 * The Raft consensus algorithm for one group, as a pure state machine.
 *
 * Inputs are `tick()` and `step(message)`; outputs accumulate in `msgs`,
 * `readStates` and the log's unstable part, and are collected by RawNode into
 * a Ready. Nothing here performs I/O, reads a clock or draws randomness other
 * than through the injected generator.
 *
 * Section numbers in comments refer to the Raft paper (Ongaro and Ousterhout,
 * "In Search of an Understandable Consensus Algorithm") and, where marked,
 * to Ongaro's thesis.
 */
import { decodeConfChange } from "./conf-change.js";
import { assert, ConfigError, ImplausibleMessageError, ProposalDroppedError, SnapshotTemporarilyUnavailableError, CompactedError } from "./errors.js";
import * as limits from "./limits.js";
import type { LogStore } from "./log-store.js";
import { RaftLog } from "./log.js";
import { Progress, ProgressState } from "./progress.js";
import { committedIndex, hasQuorum, VoteResult, voteResult } from "./quorum.js";
import { ReadOnly } from "./read-only.js";
import type { ConfChange, ConfState, Entry, HardState, LogIndex, Message, NodeId, ReadState, Snapshot, SoftState, Term } from "./types.js";
import {
  ConfChangeType,
  EMPTY_BYTES,
  entriesSize,
  EntryType,
  isEmptyHardState,
  logIndex,
  message,
  MessageType,
  NONE,
  StateType,
  term as toTerm,
} from "./types.js";

/** Context of a Vote sent because of a leader transfer: it must not be ignored because of a lease. */
export const CAMPAIGN_TRANSFER = new TextEncoder().encode("transfer");

export interface RaftLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

export interface RaftConfig {
  /** This replica's id. Must be a member of the stored configuration to campaign. */
  readonly id: NodeId;
  readonly store: LogStore;
  /** A seeded generator of numbers in [0, 1): the only source of randomness. */
  readonly random: () => number;
  readonly electionTimeoutTicks?: number;
  readonly heartbeatIntervalTicks?: number;
  readonly appendMessageBytesMax?: number;
  readonly inflightMessagesMax?: number;
  readonly inflightBytesMax?: number;
  readonly uncommittedBytesMax?: number;
  readonly committedBytesPerReadyMax?: number;
  /** Thesis §9.6: a pre-election round so a partitioned node cannot disrupt the group by bumping its term. Default true. */
  readonly preVote?: boolean;
  /** Thesis §6.2: a leader steps down when it has not heard from a quorum for an election timeout. Default true. */
  readonly checkQuorum?: boolean;
  /** The last index the application applied before a restart; entries after it are handed out again. */
  readonly applied?: LogIndex;
  readonly logger?: RaftLogger;
}

type CampaignType = "pre-election" | "election" | "transfer";

export class Raft {
  readonly id: NodeId;
  term: Term = toTerm(0);
  vote: NodeId = NONE;
  lead: NodeId = NONE;
  state: StateType = StateType.Follower;
  readonly log: RaftLog;

  /** The current voter set, as of the last applied configuration change. */
  voters: NodeId[] = [];
  /** Leader only: what each voter (including this one) is known to hold. */
  readonly progress = new Map<NodeId, Progress>();
  private readonly votes = new Map<NodeId, boolean>();

  /** Messages to send once this step's state is persisted; collected by RawNode. */
  msgs: Message[] = [];
  /** Answers to ReadIndex requests; collected by RawNode. */
  readStates: ReadState[] = [];

  /** Leader: ticks since the last CheckQuorum round. Others: ticks since the last valid message from a leader or vote granted. */
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;
  readonly electionTimeout: number;
  readonly heartbeatTimeout: number;

  /** Leader: the member leadership is being handed to, or NONE. */
  leadTransferee: NodeId = NONE;
  /** Leader: index of the last configuration change proposed; a new one waits until this is applied. */
  private pendingConfIndex: LogIndex = logIndex(0);
  /** Leader: payload bytes appended but not yet applied. */
  private uncommittedSize = 0;
  private readOnly = new ReadOnly();
  /** Leader: ReadIndex requests received before an entry of the current term committed. */
  private pendingReadIndexMessages: Message[] = [];

  private readonly random: () => number;
  private readonly preVote: boolean;
  private readonly checkQuorum: boolean;
  private readonly appendMessageBytesMax: number;
  private readonly inflightMessagesMax: number;
  private readonly inflightBytesMax: number;
  private readonly uncommittedBytesMax: number;
  private readonly logger: RaftLogger | undefined;

  constructor(config: RaftConfig) {
    this.id = config.id;
    if (this.id === NONE) throw new ConfigError("a raft node needs a non-empty id");
    this.electionTimeout = config.electionTimeoutTicks ?? limits.electionTimeoutTicksDefault;
    this.heartbeatTimeout = config.heartbeatIntervalTicks ?? limits.heartbeatIntervalTicksDefault;
    if (this.heartbeatTimeout <= 0) throw new ConfigError("heartbeat interval must be greater than 0");
    if (this.electionTimeout <= this.heartbeatTimeout) throw new ConfigError("election timeout must be greater than the heartbeat interval");
    this.random = config.random;
    this.preVote = config.preVote ?? true;
    this.checkQuorum = config.checkQuorum ?? true;
    this.appendMessageBytesMax = config.appendMessageBytesMax ?? limits.appendMessageBytesMax;
    this.inflightMessagesMax = config.inflightMessagesMax ?? limits.inflightMessagesMax;
    this.inflightBytesMax = config.inflightBytesMax ?? limits.inflightBytesMax;
    this.uncommittedBytesMax = config.uncommittedBytesMax ?? limits.uncommittedBytesMax;
    this.logger = config.logger;
    this.log = new RaftLog(config.store, config.committedBytesPerReadyMax ?? limits.committedBytesPerReadyMax);

    const { hardState, confState } = config.store.initialState();
    this.voters = [...confState.voters];
    if (!isEmptyHardState(hardState)) this.loadHardState(hardState);
    if (config.applied !== undefined && config.applied > 0) this.log.appliedTo(config.applied);
    this.becomeFollower(this.term, NONE);
  }

  // ---------------------------------------------------------------- state

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  softState(): SoftState {
    return { lead: this.lead, state: this.state };
  }

  private loadHardState(hs: HardState): void {
    assert(
      hs.commit >= this.log.committed && hs.commit <= this.log.lastIndex(),
      () => `${this.id} state.commit ${hs.commit} is out of range [${this.log.committed}, ${this.log.lastIndex()}]`,
    );
    this.log.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  /** A member of the current configuration may campaign; a removed or not-yet-added one may not. */
  promotable(): boolean {
    return this.voters.includes(this.id);
  }

  private fields(): Record<string, unknown> {
    return { raftNode: this.id, term: this.term };
  }

  private reset(t: Term): void {
    if (this.term !== t) {
      this.term = t;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.votes.clear();
    this.progress.clear();
    const last = this.log.lastIndex();
    for (const id of this.voters) {
      const pr = this.newProgress(logIndex(last + 1));
      // This node's own entries count only once persisted (see persistedTo).
      if (id === this.id) pr.match = this.log.persistedLastIndex();
      this.progress.set(id, pr);
    }
    this.pendingConfIndex = logIndex(0);
    this.uncommittedSize = 0;
    this.readOnly = new ReadOnly();
    this.pendingReadIndexMessages = [];
  }

  private newProgress(next: LogIndex): Progress {
    return new Progress(next, this.inflightMessagesMax, this.inflightBytesMax);
  }

  private resetRandomizedElectionTimeout(): void {
    const r = this.random();
    assert(r >= 0 && r < 1, () => `random generator returned ${r}, outside [0, 1)`);
    this.randomizedElectionTimeout = this.electionTimeout + Math.floor(r * this.electionTimeout);
  }

  private pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  becomeFollower(t: Term, lead: NodeId): void {
    const changed = this.state !== StateType.Follower || t !== this.term;
    this.reset(t);
    this.lead = lead;
    this.state = StateType.Follower;
    if (changed) this.logger?.info({ ...this.fields(), lead }, "became follower");
  }

  private becomeCandidate(): void {
    assert(this.state !== StateType.Leader, "invalid transition [leader -> candidate]");
    this.reset(toTerm(this.term + 1));
    this.vote = this.id;
    this.state = StateType.Candidate;
    this.logger?.info(this.fields(), "became candidate");
  }

  private becomePreCandidate(): void {
    assert(this.state !== StateType.Leader, "invalid transition [leader -> pre-candidate]");
    // A pre-candidate changes neither its term nor its vote (thesis §9.6).
    this.votes.clear();
    this.lead = NONE;
    this.state = StateType.PreCandidate;
    this.logger?.info(this.fields(), "became pre-candidate");
  }

  private becomeLeader(): void {
    assert(this.state !== StateType.Follower, "invalid transition [follower -> leader]");
    this.reset(this.term);
    this.lead = this.id;
    this.state = StateType.Leader;
    this.progress.get(this.id)?.becomeReplicate();
    // Conservatively assume the log holds an unapplied configuration change:
    // no new one is accepted until everything up to here is applied.
    this.pendingConfIndex = this.log.lastIndex();
    // §5.4.2 / §8: an empty entry of the new term lets the leader commit
    // everything before it, and learn the commit index for ReadIndex.
    const appended = this.appendEntries([{ term: toTerm(0), index: logIndex(0), type: EntryType.Normal, data: EMPTY_BYTES }]);
    assert(appended, "the empty entry of a new leader is never refused");
    this.logger?.info(this.fields(), "became leader");
  }

  // ---------------------------------------------------------------- quiescence

  /**
   * Leader: the group could stop ticking without anything waiting on a
   * tick. Every voter holds the whole log, which is committed and applied
   * here; each answered since the last CheckQuorum round; no transfer,
   * configuration change, read or message is pending.
   */
  quiescent(): boolean {
    if (this.state !== StateType.Leader || this.lead !== this.id || this.leadTransferee !== NONE) return false;
    const last = this.log.lastIndex();
    if (this.log.committed !== last || this.log.applied !== last || this.pendingConfIndex > this.log.applied) return false;
    if (this.msgs.length > 0 || this.readOnly.size() > 0 || this.pendingReadIndexMessages.length > 0) return false;
    for (const id of this.voters) {
      if (id === this.id) continue;
      const pr = this.progress.get(id);
      if (!pr || pr.match !== last || !pr.recentActive) return false;
    }
    return true;
  }

  /** Leader: forgets which followers answered; the next CheckQuorum, a full election timeout from now, counts only fresh answers. */
  restartQuorumCheck(): void {
    if (this.state !== StateType.Leader) return;
    for (const [id, pr] of this.progress) pr.recentActive = id === this.id;
    this.electionElapsed = 0;
  }

  /** Follower: it follows `lead` in `term` and holds exactly `index` entries, all committed (what a quiescent leader has). */
  settledWith(lead: NodeId, term: Term, index: LogIndex): boolean {
    return this.state === StateType.Follower && this.lead === lead && this.term === term && this.log.lastIndex() === index && this.log.committed === index && this.msgs.length === 0;
  }

  // ---------------------------------------------------------------- ticks

  tick(): void {
    if (this.state === StateType.Leader) this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step(message({ type: MessageType.Hup, from: this.id }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.step(message({ type: MessageType.CheckQuorum, from: this.id }));
      // A transfer that did not finish within an election timeout is abandoned.
      if (this.state === StateType.Leader && this.leadTransferee !== NONE) this.abortLeaderTransfer();
    }
    if (this.state !== StateType.Leader) return;
    for (const pr of this.progress.values()) {
      // A snapshot that was lost, or whose receiver crashed, must not stall the follower for ever.
      if (pr.state === ProgressState.Snapshot && ++pr.snapshotTicks > 2 * this.electionTimeout) pr.becomeProbe();
    }
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(message({ type: MessageType.Beat, from: this.id }));
    }
  }

  // ---------------------------------------------------------------- sending

  private send(m: Message): void {
    if (m.from === NONE) m.from = this.id;
    if (
      m.type === MessageType.Vote ||
      m.type === MessageType.VoteResponse ||
      m.type === MessageType.PreVote ||
      m.type === MessageType.PreVoteResponse
    ) {
      // Votes carry the term they are for, which is not always ours: a
      // pre-vote asks for term + 1 and a vote response echoes the request's.
      assert(m.term !== 0, () => `term should be set when sending message type ${MessageType[m.type]}`);
    } else {
      assert(m.term === 0, () => `term should not be set when sending message type ${MessageType[m.type]} (was ${m.term})`);
      // A forwarded ReadIndex keeps no term: the leader treats it as local.
      if (m.type !== MessageType.ReadIndex) m.term = this.term;
    }
    this.msgs.push(m);
  }

  /** Sends an Append (or a Snapshot) to `to` if its flow control allows. */
  private maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.progress.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = logIndex(pr.next - 1);
    const prevTerm = this.log.term(prevIndex);
    let entries: Entry[] | undefined;
    if (prevTerm !== undefined) {
      try {
        entries = this.log.entriesFrom(pr.next, this.appendMessageBytesMax);
      } catch (err) {
        if (!(err instanceof CompactedError)) throw err;
      }
    }
    if (prevTerm === undefined || entries === undefined) return this.maybeSendSnapshot(to, pr);
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send(message({ type: MessageType.Append, to, index: prevIndex, logTerm: prevTerm, entries, commit: this.log.committed }));
    if (pr.state === ProgressState.Replicate) {
      const last = entries[entries.length - 1];
      if (last) {
        pr.optimisticUpdate(last.index);
        pr.inflights.add(last.index, entriesSize(entries));
      }
    } else if (pr.state === ProgressState.Probe) {
      pr.probeSent = true;
    }
    return true;
  }

  private maybeSendSnapshot(to: NodeId, pr: Progress): boolean {
    // A follower not heard from recently may be down; do not ship it a snapshot yet.
    if (!pr.recentActive) return false;
    let snapshot: Snapshot;
    try {
      snapshot = this.log.snapshot();
    } catch (err) {
      if (err instanceof SnapshotTemporarilyUnavailableError) return false;
      throw err;
    }
    assert(snapshot.metadata.index > 0, "need a non-empty snapshot to bring a follower past the compacted log");
    pr.becomeSnapshot(snapshot.metadata.index);
    this.send(message({ type: MessageType.Snapshot, to, snapshot }));
    return true;
  }

  private sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  private sendHeartbeat(to: NodeId, context: Uint8Array): void {
    const pr = this.progress.get(to);
    // Never tell a follower to commit past what it is known to hold: its log
    // beyond `match` may not be ours.
    const commit = logIndex(Math.min(pr?.match ?? 0, this.log.committed));
    this.send(message({ type: MessageType.Heartbeat, to, commit, context }));
  }

  private bcastAppend(): void {
    for (const id of this.voters) if (id !== this.id) this.sendAppend(id);
  }

  private bcastHeartbeat(context: Uint8Array = this.readOnly.lastPendingContext() ?? EMPTY_BYTES): void {
    for (const id of this.voters) if (id !== this.id) this.sendHeartbeat(id, context);
  }

  // ---------------------------------------------------------------- leader helpers

  /** Appends entries at the leader, giving them its term and the next indexes. */
  private appendEntries(entries: Entry[]): boolean {
    const last = this.log.lastIndex();
    const stamped = entries.map((e, i) => ({ ...e, term: this.term, index: logIndex(last + 1 + i) }));
    if (!this.increaseUncommittedSize(stamped)) return false;
    // They count toward commitment once persisted here (persistedTo), not now: the
    // application may send them to followers while its own write is in flight.
    this.log.append(stamped);
    return true;
  }

  /**
   * This node's log is persisted up to (index, term): as leader, those
   * entries now count as held here, toward commitment (Raft thesis §10.2.1:
   * the leader may replicate its entries while it writes them itself, as
   * long as it counts itself only once they are durable).
   */
  persistedTo(index: LogIndex, t: Term): void {
    if (this.state !== StateType.Leader || this.log.term(index) !== t) return;
    const pr = this.progress.get(this.id);
    if (!pr?.maybeUpdate(index)) return;
    if (this.maybeCommit()) {
      this.releasePendingReadIndexMessages();
      this.bcastAppend();
    }
  }

  /** Advances the commit index to what a quorum holds, if that entry is of the current term (§5.4.2). */
  private maybeCommit(): boolean {
    const index = committedIndex(this.voters, (id) => this.progress.get(id)?.match ?? logIndex(0));
    return this.log.maybeCommit(index, this.term);
  }

  private increaseUncommittedSize(entries: readonly Entry[]): boolean {
    const size = entriesSize(entries);
    // An empty entry is always allowed, and so is the first entry of any size,
    // so that one oversized proposal cannot block the group for ever.
    if (this.uncommittedSize > 0 && size > 0 && this.uncommittedSize + size > this.uncommittedBytesMax) return false;
    this.uncommittedSize += size;
    return true;
  }

  reduceUncommittedSize(entries: readonly Entry[]): void {
    if (this.state !== StateType.Leader) return;
    this.uncommittedSize = Math.max(0, this.uncommittedSize - entriesSize(entries));
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  private abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  private sendTimeoutNow(to: NodeId): void {
    this.send(message({ type: MessageType.TimeoutNow, to }));
  }

  /** Thesis §6.2: true if a quorum has been heard from since the last check; resets the marks. */
  private quorumActive(): boolean {
    const active = hasQuorum(this.voters, (id) => id === this.id || (this.progress.get(id)?.recentActive ?? false));
    for (const [id, pr] of this.progress) pr.recentActive = id === this.id;
    return active;
  }

  private hasUnappliedConfChanges(): boolean {
    if (this.log.applied >= this.log.committed) return false;
    const entries = this.log.slice(logIndex(Math.max(this.log.applied + 1, this.log.firstIndex())), logIndex(this.log.committed + 1), Number.MAX_SAFE_INTEGER);
    return entries.some((e) => e.type === EntryType.ConfChange);
  }

  // ---------------------------------------------------------------- elections

  private hup(type: CampaignType): void {
    if (this.state === StateType.Leader) return;
    if (!this.promotable()) {
      this.logger?.warn(this.fields(), "is unpromotable and can not campaign");
      return;
    }
    if (this.hasUnappliedConfChanges()) {
      // The outcome of the election would depend on a configuration we have not applied yet.
      this.logger?.warn(this.fields(), "cannot campaign: pending configuration changes to apply");
      return;
    }
    this.campaign(type);
  }

  private campaign(type: CampaignType): void {
    let voteType: MessageType;
    let voteTerm: Term;
    if (type === "pre-election") {
      this.becomePreCandidate();
      voteType = MessageType.PreVote;
      // A pre-vote asks whether we could win the next term, without entering it.
      voteTerm = toTerm(this.term + 1);
    } else {
      this.becomeCandidate();
      voteType = MessageType.Vote;
      voteTerm = this.term;
    }
    if (this.poll(this.id, true) === VoteResult.Won) {
      // A group of one wins at once.
      if (type === "pre-election") this.campaign("election");
      else this.becomeLeader();
      return;
    }
    for (const id of this.voters) {
      if (id === this.id) continue;
      this.send(
        message({
          type: voteType,
          to: id,
          term: voteTerm,
          index: this.log.lastIndex(),
          logTerm: this.log.lastTerm(),
          context: type === "transfer" ? CAMPAIGN_TRANSFER : EMPTY_BYTES,
        }),
      );
    }
  }

  private poll(id: NodeId, granted: boolean): VoteResult {
    if (!this.votes.has(id)) this.votes.set(id, granted);
    return voteResult(this.voters, this.votes);
  }

  // ---------------------------------------------------------------- step

  /** Advances the state machine with one message, local or from a peer. */
  step(m: Message): void {
    if (m.term === 0) {
      // A local message.
    } else if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const force = bytesEqual(m.context, CAMPAIGN_TRANSFER);
        const inLease = this.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
        if (!force && inLease) {
          // Thesis §4.2.3: a node that heard from a leader within the minimum
          // election timeout neither updates its term nor grants its vote, so
          // a removed or partitioned node cannot disrupt a healthy group.
          return;
        }
      }
      if (m.type === MessageType.PreVote) {
        // A pre-vote never changes our term.
      } else if (m.type === MessageType.PreVoteResponse && !m.reject) {
        // A granted pre-vote carries the term we would campaign for; our term
        // moves only when we actually win the pre-election.
      } else if (m.type === MessageType.Append || m.type === MessageType.Heartbeat || m.type === MessageType.Snapshot) {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === MessageType.Heartbeat || m.type === MessageType.Append)) {
        // A leader from an old term, cut off by a partition that has healed:
        // tell it our term so it steps down. (With CheckQuorum or PreVote our
        // term would otherwise never reach it: its votes are ignored.)
        this.send(message({ type: MessageType.AppendResponse, to: m.from }));
      } else if (m.type === MessageType.PreVote) {
        // Tell a pre-candidate with an old term that it cannot win.
        this.send(message({ type: MessageType.PreVoteResponse, to: m.from, term: this.term, reject: true }));
      }
      // Other messages from old terms are ignored.
      return;
    }

    switch (m.type) {
      case MessageType.Hup:
        this.hup(this.preVote ? "pre-election" : "election");
        return;
      case MessageType.Vote:
      case MessageType.PreVote:
        this.handleVoteRequest(m);
        return;
      default:
        break;
    }
    switch (this.state) {
      case StateType.Leader:
        this.stepLeader(m);
        return;
      case StateType.Candidate:
      case StateType.PreCandidate:
        this.stepCandidate(m);
        return;
      case StateType.Follower:
        this.stepFollower(m);
        return;
    }
  }

  /** §5.2, §5.4.1: grant a vote at most once per term, and only to a log at least as up to date as ours. */
  private handleVoteRequest(m: Message): void {
    const responseType = m.type === MessageType.Vote ? MessageType.VoteResponse : MessageType.PreVoteResponse;
    const canVote =
      this.vote === m.from ||
      (this.vote === NONE && this.lead === NONE) ||
      // A pre-vote for a future term may be granted whatever we voted for now.
      (m.type === MessageType.PreVote && m.term > this.term);
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      // The response carries the request's term: for a pre-vote that is the
      // future term the candidate asked about, not ours.
      this.send(message({ type: responseType, to: m.from, term: m.term }));
      if (m.type === MessageType.Vote) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send(message({ type: responseType, to: m.from, term: this.term, reject: true }));
    }
  }

  private stepLeader(m: Message): void {
    switch (m.type) {
      case MessageType.Beat:
        this.bcastHeartbeat();
        return;
      case MessageType.CheckQuorum:
        if (!this.quorumActive()) {
          this.logger?.warn(this.fields(), "stepped down to follower since quorum is not active");
          this.becomeFollower(this.term, NONE);
        }
        return;
      case MessageType.Propose:
        this.propose(m);
        return;
      case MessageType.ReadIndex:
        this.stepLeaderReadIndex(m);
        return;
      default:
        break;
    }

    const pr = this.progress.get(m.from);
    if (!pr) return; // A message from a node no longer (or not yet) in the configuration.
    switch (m.type) {
      case MessageType.AppendResponse:
        this.handleAppendResponse(m, pr);
        return;
      case MessageType.HeartbeatResponse:
        this.handleHeartbeatResponse(m, pr);
        return;
      case MessageType.SnapshotStatus:
        if (pr.state !== ProgressState.Snapshot) return;
        if (m.reject) pr.pendingSnapshot = logIndex(0);
        pr.becomeProbe();
        // Wait for a heartbeat response before probing: the snapshot may still be applying.
        pr.probeSent = true;
        return;
      case MessageType.Unreachable:
        // The transport could not deliver: stop pipelining and probe again.
        if (pr.state === ProgressState.Replicate) pr.becomeProbe();
        return;
      case MessageType.TransferLeader:
        this.handleTransferLeader(m, pr);
        return;
      default:
        return;
    }
  }

  private propose(m: Message): void {
    assert(m.entries.length > 0, "stepped an empty proposal");
    if (!this.progress.has(this.id)) throw new ProposalDroppedError("this node was removed from the configuration");
    if (this.leadTransferee !== NONE) throw new ProposalDroppedError(`leadership is being transferred to ${this.leadTransferee}`);
    const entries = m.entries;
    for (let i = 0; i < entries.length; i++) {
      if ((entries[i] as Entry).type !== EntryType.ConfChange) continue;
      if (this.pendingConfIndex > this.log.applied) {
        throw new ProposalDroppedError(`a configuration change at index ${this.pendingConfIndex} is not applied yet (applied ${this.log.applied})`);
      }
      this.pendingConfIndex = logIndex(this.log.lastIndex() + i + 1);
    }
    if (!this.appendEntries(entries)) throw new ProposalDroppedError("too many uncommitted bytes at the leader");
    this.bcastAppend();
  }

  private stepLeaderReadIndex(m: Message): void {
    if (this.voters.length === 1 && this.voters[0] === this.id) {
      this.respondToReadIndex(m, this.log.committed);
      return;
    }
    if (!this.committedEntryInCurrentTerm()) {
      // Thesis §6.4: until an entry of its term commits, the leader does not
      // know the true commit index. Hold the request until then.
      if (this.pendingReadIndexMessages.length < limits.pendingReadIndexRequestsMax) this.pendingReadIndexMessages.push(m);
      return;
    }
    this.handleReadIndex(m);
  }

  private handleReadIndex(m: Message): void {
    if (this.readOnly.size() >= limits.pendingReadIndexRequestsMax) return;
    this.readOnly.addRequest(this.log.committed, m);
    this.readOnly.receiveAck(this.id, m.context);
    this.bcastHeartbeat(m.context);
  }

  private releasePendingReadIndexMessages(): void {
    if (this.pendingReadIndexMessages.length === 0 || !this.committedEntryInCurrentTerm()) return;
    const pending = this.pendingReadIndexMessages;
    this.pendingReadIndexMessages = [];
    for (const m of pending) this.handleReadIndex(m);
  }

  private respondToReadIndex(request: Message, index: LogIndex): void {
    if (request.from === NONE || request.from === this.id) {
      this.readStates.push({ index, requestContext: request.context });
    } else {
      this.send(message({ type: MessageType.ReadIndexResponse, to: request.from, index, context: request.context }));
    }
  }

  private handleAppendResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    if (m.reject) {
      // The follower's log does not have (m.index, term of our entry there).
      // Its hint, with the term it has at the hint, lets us skip back a whole
      // term per round trip instead of one entry.
      let nextProbe = m.rejectHint;
      if (m.logTerm > 0) nextProbe = this.log.findConflictByTerm(m.rejectHint, m.logTerm);
      if (pr.maybeDecreaseTo(m.index, nextProbe)) {
        if (pr.state === ProgressState.Replicate) pr.becomeProbe();
        this.sendAppend(m.from);
      }
      return;
    }
    if (m.index > this.log.lastIndex()) {
      throw new ImplausibleMessageError(`${m.from} acknowledged index ${m.index}, past this leader's last index ${this.log.lastIndex()}`);
    }
    const wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index) && !(pr.match === m.index && pr.state === ProgressState.Probe)) return;
    switch (pr.state) {
      case ProgressState.Probe:
        pr.becomeReplicate();
        break;
      case ProgressState.Snapshot:
        if (pr.match >= pr.pendingSnapshot) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
        break;
      case ProgressState.Replicate:
        pr.inflights.freeLE(m.index);
        break;
    }
    if (this.maybeCommit()) {
      this.releasePendingReadIndexMessages();
      this.bcastAppend();
    } else if (wasPaused) {
      this.sendAppend(m.from);
    }
    // Fill the pipeline while the follower's window allows (bounded by the inflight limit).
    for (let i = 0; i < this.inflightMessagesMax && this.maybeSendAppend(m.from, false); i++);
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
      this.logger?.info({ ...this.fields(), transferee: m.from }, "sent TimeoutNow after log caught up");
      this.sendTimeoutNow(m.from);
    }
  }

  private handleHeartbeatResponse(m: Message, pr: Progress): void {
    pr.recentActive = true;
    pr.probeSent = false;
    // A full window whose messages were lost would never drain: free one so
    // the next Append goes out and the follower's answer resynchronizes us.
    if (pr.state === ProgressState.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
    if (pr.match < this.log.lastIndex()) this.sendAppend(m.from);
    if (m.context.byteLength === 0) return;
    const acks = this.readOnly.receiveAck(m.from, m.context);
    if (!acks || !hasQuorum(this.voters, (id) => acks.has(id))) return;
    for (const status of this.readOnly.advance(m.context)) this.respondToReadIndex(status.request, status.index);
  }

  private handleTransferLeader(m: Message, pr: Progress): void {
    const transferee = m.from;
    if (this.leadTransferee !== NONE) {
      if (this.leadTransferee === transferee) return; // Already under way.
      this.abortLeaderTransfer();
    }
    if (transferee === this.id) return; // Already the leader.
    // The transfer must finish within an election timeout; proposals wait meanwhile.
    this.electionElapsed = 0;
    this.leadTransferee = transferee;
    this.logger?.info({ ...this.fields(), transferee }, "starting leadership transfer");
    if (pr.match === this.log.lastIndex()) this.sendTimeoutNow(transferee);
    else this.sendAppend(transferee);
  }

  private stepCandidate(m: Message): void {
    const responseType = this.state === StateType.PreCandidate ? MessageType.PreVoteResponse : MessageType.VoteResponse;
    switch (m.type) {
      case MessageType.Propose:
        throw new ProposalDroppedError("no leader");
      case MessageType.Append:
        this.becomeFollower(m.term, m.from); // Another node won this term.
        this.handleAppendEntries(m);
        return;
      case MessageType.Heartbeat:
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case MessageType.Snapshot:
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case responseType: {
        const result = this.poll(m.from, !m.reject);
        if (result === VoteResult.Won) {
          if (this.state === StateType.PreCandidate) {
            this.campaign("election");
          } else {
            this.becomeLeader();
            this.bcastAppend();
          }
        } else if (result === VoteResult.Lost) {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case MessageType.Propose:
        throw new ProposalDroppedError(this.lead === NONE ? "no leader" : `not the leader (leader is ${this.lead})`);
      case MessageType.Append:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return;
      case MessageType.Heartbeat:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case MessageType.Snapshot:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MessageType.TransferLeader:
        if (this.lead === NONE) return; // Nobody to forward to; the caller retries.
        m.to = this.lead;
        m.term = toTerm(0);
        this.send(m);
        return;
      case MessageType.TimeoutNow:
        // The leader hands over: campaign at once, without a pre-vote (we know
        // the group is healthy) and ignoring leases.
        this.logger?.info(this.fields(), "received TimeoutNow; campaigning to take over leadership");
        this.hup("transfer");
        return;
      case MessageType.ReadIndex:
        if (this.lead === NONE) return;
        m.to = this.lead;
        m.term = toTerm(0);
        this.send(m);
        return;
      case MessageType.ReadIndexResponse:
        this.readStates.push({ index: m.index, requestContext: m.context });
        return;
      default:
        return;
    }
  }

  private handleAppendEntries(m: Message): void {
    if (m.index < this.log.committed) {
      // Everything up to our commit index is already settled: tell the leader where we are.
      this.sendAppendAck(m.from, this.log.committed);
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.sendAppendAck(m.from, lastNew);
      return;
    }
    // §5.3: reject, with a hint of where our logs may match and the term we have there.
    const hintIndex = this.log.findConflictByTerm(logIndex(Math.min(m.index, this.log.lastIndex())), m.logTerm);
    const hintTerm = this.log.term(hintIndex) ?? toTerm(0);
    this.send(message({ type: MessageType.AppendResponse, to: m.from, index: m.index, reject: true, rejectHint: hintIndex, logTerm: hintTerm }));
  }

  private handleHeartbeat(m: Message): void {
    // A leader's heartbeat carries min(its commit, our match): never past our log.
    if (m.commit > this.log.lastIndex()) {
      throw new ImplausibleMessageError(`${m.from} sent a heartbeat committing ${m.commit}, past this follower's last index ${this.log.lastIndex()}`);
    }
    this.log.commitTo(m.commit);
    this.send(message({ type: MessageType.HeartbeatResponse, to: m.from, context: m.context }));
  }

  private handleSnapshot(m: Message): void {
    const snapshot = m.snapshot;
    if (snapshot && this.restore(snapshot)) {
      this.logger?.info({ ...this.fields(), index: snapshot.metadata.index }, "restored snapshot");
      this.sendAppendAck(m.from, this.log.lastIndex());
    } else {
      this.sendAppendAck(m.from, this.log.committed);
    }
  }

  /**
   * Acknowledges that our log holds everything up to `index`. The ack records
   * the term of that entry so that, should a later step in the same Ready
   * cycle replace the entry before it is persisted, `takeReadyMessages` can
   * withhold the ack instead of promising an entry that never reaches disk.
   */
  private sendAppendAck(to: NodeId, index: LogIndex): void {
    this.send(message({ type: MessageType.AppendResponse, to, index, logTerm: this.log.term(index) ?? toTerm(0) }));
  }

  /**
   * The messages to send once the current Ready is persisted. Every message
   * stands, except an acknowledgement of an entry that is no longer in the
   * log about to be persisted (a newer leader truncated it, or a snapshot
   * replaced it, after the ack was produced). Sending it would let the old
   * leader count a replica that does not exist.
   */
  takeReadyMessages(): Message[] {
    const out = this.msgs.filter((m) => {
      if (m.type !== MessageType.AppendResponse || m.reject || m.index === 0) return true;
      if (m.index > this.log.lastIndex()) return false;
      const t = this.log.term(m.index);
      return t === undefined || t === m.logTerm; // undefined: compacted, hence committed and unchanged
    });
    this.msgs = [];
    return out;
  }

  /** Installs a snapshot from the leader. Returns false if it brings nothing new. */
  private restore(s: Snapshot): boolean {
    if (s.metadata.index <= this.log.committed) return false;
    if (this.state !== StateType.Follower) {
      // Defence in depth: only a follower installs snapshots.
      this.becomeFollower(toTerm(this.term + 1), NONE);
      return false;
    }
    // A snapshot taken before this node was added does not list it. It is
    // installed all the same: the node is then not promotable (it cannot
    // campaign), and learns of its own addition from the entries that follow.
    // Refusing it would leave a new member stuck for as long as the leader
    // has no newer snapshot.
    if (this.log.matchTerm(s.metadata.index, s.metadata.term)) {
      // We already have the entries the snapshot covers: just commit them.
      this.log.commitTo(s.metadata.index);
      return false;
    }
    this.log.restore(s);
    this.voters = [...s.metadata.confState.voters];
    const last = this.log.lastIndex();
    this.progress.clear();
    for (const id of this.voters) {
      const pr = this.newProgress(logIndex(last + 1));
      if (id === this.id) pr.match = this.log.persistedLastIndex();
      this.progress.set(id, pr);
    }
    return true;
  }

  // ---------------------------------------------------------------- configuration

  /**
   * Applies a committed configuration change to the voter set. The
   * application calls this (through RawNode) when it applies the entry.
   */
  applyConfChange(cc: ConfChange): ConfState {
    if (cc.type === ConfChangeType.AddNode) {
      if (!this.voters.includes(cc.nodeId)) {
        this.voters.push(cc.nodeId);
        const pr = this.newProgress(this.log.lastIndex());
        // A new member counts as active, so CheckQuorum does not depose the leader before it answers.
        pr.recentActive = true;
        this.progress.set(cc.nodeId, pr);
      }
    } else {
      this.voters = this.voters.filter((id) => id !== cc.nodeId);
      this.progress.delete(cc.nodeId);
    }
    const confState: ConfState = { voters: [...this.voters] };
    if (this.state !== StateType.Leader) return confState;
    if (!this.voters.includes(this.id)) {
      // The leader was removed: it steps down, into a term nobody else has
      // used yet, so it cannot keep acting as leader of the term it led.
      this.becomeFollower(toTerm(this.term + 1), NONE);
      return confState;
    }
    if (this.leadTransferee !== NONE && !this.voters.includes(this.leadTransferee)) this.abortLeaderTransfer();
    // The quorum changed: the commit index may advance, and new members need entries.
    if (this.maybeCommit()) {
      this.releasePendingReadIndexMessages();
      this.bcastAppend();
    } else {
      for (const id of this.voters) if (id !== this.id) this.maybeSendAppend(id, false);
    }
    return confState;
  }

}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
