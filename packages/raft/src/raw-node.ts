/**
 * RawNode: the application's handle on one Raft group, and the Ready
 * contract (see the package README). The application calls `tick`, `step`
 * and `propose`; then, whenever `hasReady()`, takes one `ready()`, persists,
 * sends, applies, and calls `advance()`.
 */
import { encodeConfChange } from "./conf-change.js";
import { assert, StepLocalMessageError } from "./errors.js";
import type { RaftConfig } from "./raft.js";
import { Raft } from "./raft.js";
import { ProgressState } from "./progress.js";
import type { ConfChange, ConfState, Entry, HardState, LogIndex, Message, NodeId, ReadState, Snapshot, SoftState, Term } from "./types.js";
import {
  EntryType,
  hardStateEqual,
  isLocalMessage,
  logIndex,
  message,
  MessageType,
  NONE,
  StateType,
  term,
} from "./types.js";

export interface Ready {
  /** Set when the leader or this node's role changed. Need not be persisted. */
  readonly softState: SoftState | undefined;
  /** Set when term, vote or commit changed: persist before sending any message. */
  readonly hardState: HardState | undefined;
  /** Entries to append to stable storage before sending any message. */
  readonly entries: readonly Entry[];
  /** A snapshot received from the leader, to persist and apply. */
  readonly snapshot: Snapshot | undefined;
  /** Entries committed by a quorum, to apply to the state machine in order (after persisting). */
  readonly committedEntries: readonly Entry[];
  /** Messages to send after everything above is persisted. */
  readonly messages: readonly Message[];
  /**
   * The leader's Append messages, which may be sent before or while this
   * Ready is persisted (Raft thesis §10.2.1): the leader counts its own
   * entries toward commitment only once `advance()` says they are
   * persisted. Not part of `messages`. Empty when this Ready changes the
   * term or vote (nothing may leave before those are durable).
   */
  readonly appendsBeforePersist: readonly Message[];
  /** Answers to ReadIndex requests. */
  readonly readStates: readonly ReadState[];
  /** True when the snapshot, entries or hard state (term or vote) must be written with fsync before messages are sent. */
  readonly mustSync: boolean;
}

export interface ProgressStatus {
  readonly match: LogIndex;
  readonly next: LogIndex;
  readonly state: ProgressState;
  readonly recentActive: boolean;
}

/** What an embedder may read of a group at any time, cheaply (no copies of progress). */
export interface BasicStatus {
  readonly id: NodeId;
  readonly term: Term;
  readonly vote: NodeId;
  readonly commit: LogIndex;
  readonly applied: LogIndex;
  /** The last index of the log (stable or not). */
  readonly lastIndex: LogIndex;
  readonly lead: NodeId;
  readonly state: StateType;
  /** The member leadership is being handed to, or NONE. */
  readonly leadTransferee: NodeId;
}

export interface Status extends BasicStatus {
  /** The voters of the applied configuration. */
  readonly voters: readonly NodeId[];
  /** Only on the leader. */
  readonly progress: ReadonlyMap<NodeId, ProgressStatus>;
}

/** Where a proposal was appended: it is committed when the applied entry at `index` has this `term`. */
export interface ProposalPosition {
  readonly index: LogIndex;
  readonly term: Term;
}

export class RawNode {
  /** The state machine itself: the library's own tests reach it through `raftOf`, embedders never. */
  private readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  private outstanding: Ready | undefined;

  constructor(config: RaftConfig) {
    this.raft = new Raft(config);
    this.prevSoftState = this.raft.softState();
    this.prevHardState = this.raft.hardState();
  }

  /** Advances logical time by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /**
   * Leader: nothing in this group waits on a tick (every voter has the whole
   * log, committed and applied; nothing pending, no Ready). An embedder may
   * then stop ticking it, and its followers, until anything happens to it;
   * see the README's "Quiescence".
   */
  quiescent(): boolean {
    return this.raft.quiescent() && !this.hasReady();
  }

  /**
   * Leader: forgets which followers answered, so the next CheckQuorum (a full
   * election timeout from now) counts only fresh answers. For a leader that
   * was not ticked for a while (quiescence) and may have lost its followers.
   */
  restartQuorumCheck(): void {
    this.raft.restartQuorumCheck();
  }

  /** Follower: it follows `lead` in `term` with exactly `index` entries, all committed, and nothing to send. */
  settledWith(lead: NodeId, term: Term, index: LogIndex): boolean {
    return this.raft.settledWith(lead, term, index) && !this.hasReady();
  }

  /** Starts an election now (for tests and for a node that knows it should lead). */
  campaign(): void {
    this.raft.step(message({ type: MessageType.Hup, from: this.raft.id }));
  }

  /**
   * Appends data to the log if this node is the leader; throws
   * ProposalDroppedError otherwise. The entry is committed when it comes back
   * in `committedEntries` with the returned index and term.
   */
  propose(data: Uint8Array): ProposalPosition {
    return this.proposeEntry(EntryType.Normal, data);
  }

  /** Proposes a single-member configuration change (one at a time). */
  proposeConfChange(cc: ConfChange): ProposalPosition {
    return this.proposeEntry(EntryType.ConfChange, encodeConfChange(cc));
  }

  private proposeEntry(type: EntryType, data: Uint8Array): ProposalPosition {
    this.raft.step(
      message({
        type: MessageType.Propose,
        from: this.raft.id,
        entries: [{ term: term(0), index: logIndex(0), type, data }],
      }),
    );
    // The proposal was accepted, so it is the last entry of the leader's log.
    const index = this.raft.log.lastIndex();
    const t = this.raft.log.term(index);
    assert(t === this.raft.term, "an accepted proposal is the leader's last entry");
    return { index, term: t };
  }

  /** Applies a committed configuration change; call it when applying its entry. */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Steps a message received from a peer. Local message types are refused. */
  step(m: Message): void {
    if (isLocalMessage(m.type)) throw new StepLocalMessageError(m.type);
    this.raft.step(m);
  }

  /** Asks the leader to hand leadership to `transferee` (may be called on any member). */
  transferLeader(transferee: NodeId): void {
    this.raft.step(message({ type: MessageType.TransferLeader, from: transferee }));
  }

  /**
   * Requests a linearizable read point. The answer arrives as a ReadState
   * carrying `context`; reads are safe once the applied index reaches it.
   */
  readIndex(context: Uint8Array): void {
    this.raft.step(message({ type: MessageType.ReadIndex, context }));
  }

  /** The transport could not reach `id`. */
  reportUnreachable(id: NodeId): void {
    this.raft.step(message({ type: MessageType.Unreachable, from: id }));
  }

  /** The outcome of sending a snapshot to `id`. */
  reportSnapshot(id: NodeId, succeeded: boolean): void {
    this.raft.step(message({ type: MessageType.SnapshotStatus, from: id, reject: !succeeded }));
  }

  hasReady(): boolean {
    assert(this.outstanding === undefined, "hasReady called while a Ready is outstanding");
    const r = this.raft;
    // Field by field, without copies: an embedder may ask this of thousands of idle groups every tick.
    if (r.lead !== this.prevSoftState.lead || r.state !== this.prevSoftState.state) return true;
    const prev = this.prevHardState;
    const hardEmpty = r.term === 0 && r.vote === NONE && r.log.committed === 0;
    if (!hardEmpty && (r.term !== prev.term || r.vote !== prev.vote || r.log.committed !== prev.commit)) return true;
    if (r.log.hasPendingSnapshot()) return true;
    return (
      r.msgs.length > 0 ||
      r.log.unstableEntries().length > 0 ||
      r.log.hasNextCommittedEntries() ||
      r.readStates.length > 0
    );
  }

  /** Everything the application must do now. Exactly one Ready may be outstanding. */
  ready(): Ready {
    assert(this.outstanding === undefined, "ready called before the previous Ready was advanced");
    const r = this.raft;
    const soft = r.softState();
    const hs = r.hardState();
    const hardChanged = !hardStateEqual(hs, this.prevHardState);
    const entries = [...r.log.unstableEntries()];
    const snapshot = r.log.hasPendingSnapshot() ? r.log.unstable.snapshot : undefined;
    const messages = r.takeReadyMessages();
    const voteChanged = hs.term !== this.prevHardState.term || hs.vote !== this.prevHardState.vote;
    const early = (m: Message) => !voteChanged && m.type === MessageType.Append && r.state === StateType.Leader;
    const rd: Ready = {
      softState: soft.lead !== this.prevSoftState.lead || soft.state !== this.prevSoftState.state ? soft : undefined,
      hardState: hardChanged ? hs : undefined,
      entries,
      snapshot,
      committedEntries: r.log.nextCommittedEntries(),
      messages: messages.filter((m) => !early(m)),
      appendsBeforePersist: messages.filter(early),
      readStates: r.readStates,
      // A received snapshot is acknowledged by this Ready's messages, so it must be as durable as
      // entries. Commit-index changes alone need no fsync: a lost commit index is relearned from the leader.
      mustSync: entries.length > 0 || snapshot !== undefined || voteChanged,
    };
    r.readStates = [];
    this.outstanding = rd;
    return rd;
  }

  /** Acknowledges that the outstanding Ready was persisted, sent and applied. */
  advance(): void {
    const rd = this.outstanding;
    assert(rd !== undefined, "advance called without an outstanding Ready");
    this.outstanding = undefined;
    const r = this.raft;
    if (rd.softState) this.prevSoftState = rd.softState;
    if (rd.hardState) this.prevHardState = rd.hardState;
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) {
      r.log.stableTo(lastEntry.index, lastEntry.term);
      r.persistedTo(lastEntry.index, lastEntry.term);
    }
    if (rd.snapshot) {
      r.log.stableSnapshotTo(rd.snapshot.metadata.index);
      r.log.appliedTo(rd.snapshot.metadata.index);
    }
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted) {
      r.log.appliedTo(lastCommitted.index);
      r.reduceUncommittedSize(rd.committedEntries);
    }
  }

  basicStatus(): BasicStatus {
    const r = this.raft;
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.log.committed,
      applied: r.log.applied,
      lastIndex: r.log.lastIndex(),
      lead: r.lead,
      state: r.state,
      leadTransferee: r.leadTransferee,
    };
  }

  status(): Status {
    const r = this.raft;
    const progress = new Map<NodeId, ProgressStatus>();
    if (r.state === StateType.Leader) {
      for (const [id, pr] of r.progress) progress.set(id, { match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive });
    }
    return { ...this.basicStatus(), voters: [...r.voters], progress };
  }

  /** The voters of the applied configuration (no copy: read, do not keep). */
  voters(): readonly NodeId[] {
    return this.raft.voters;
  }

  /** Leader: what it knows of `id`'s log (no copy of the others'); undefined elsewhere or for a non-member. */
  progressOf(id: NodeId): ProgressStatus | undefined {
    const r = this.raft;
    const pr = r.state === StateType.Leader ? r.progress.get(id) : undefined;
    return pr ? { match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive } : undefined;
  }

  /** True if this node believes it is the leader. */
  isLeader(): boolean {
    return this.raft.state === StateType.Leader && this.raft.lead !== NONE;
  }
}

/**
 * The Raft state machine behind a RawNode, for this library's own tests and
 * simulator. Not exported from the package: embedders read `status()`.
 */
export function raftOf(node: RawNode): Raft {
  return (node as unknown as { raft: Raft }).raft;
}
