/**
 * One Raft group hosted on this node: its RawNode, its log, and the part of
 * the Ready contract every group shares — staging a Ready's writes into the
 * loop's batch, applying committed entries strictly in order, compaction.
 * The meta group and shard groups add what their entries mean.
 */
import type { Logger } from "pino";
import type { Entry, Message, NodeId, Ready, SoftState } from "@tributary/raft";
import { confChangeOf, createRandom, EntryType, logIndex, RawNode, StateType } from "@tributary/raft";
import type { DurableStore, GroupLog, WriteBatch } from "@tributary/storage";
import type { GroupStatus } from "@tributary/protocol";
import { assert } from "./assert.js";
import type { Clock } from "./clock.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";

/** What a group needs of the node around it. */
export interface GroupContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly store: DurableStore;
  /** This node's replica id in every group ("az-a.1"). */
  replicaId(): NodeId;
  /** A seed for a new group's election timer. */
  seed(): number;
  /** There is new work for the loop (an append, a message). */
  wake(): void;
  /** Leaders or memberships changed: routing watchers hear of it after this iteration. */
  routingChanged(): void;
  /** This node became a group's leader (counted in metrics). */
  becameLeader(): void;
  /** This node's replica of a group began an election (counted in metrics). */
  electionStarted(): void;
  /** Whether a frame came from `node` within `ms` (what a sleeping group knows of its leader). */
  heardFromWithin(node: string, ms: number): boolean;
  /** How long ago a frame came from `node` (counted in ticks), or undefined if none has. */
  lastFrameAgoMs(node: string): number | undefined;
}

const stateNames: Record<StateType, string> = {
  [StateType.Follower]: "follower",
  [StateType.Candidate]: "candidate",
  [StateType.PreCandidate]: "pre-candidate",
  [StateType.Leader]: "leader",
};

export abstract class RaftGroup {
  readonly raw: RawNode;
  /** The leader as this replica last saw it. */
  lead: NodeId | "" = "";
  /** The last index applied here, by an entry or a snapshot. Entries apply strictly one after another. */
  protected appliedIndex: number;
  private sleeping = false;
  /** Leader: ticks in a row it was quiescent (hibernation.ts). */
  quietTicks = 0;
  /** Follower: ticks (while awake) since a message from its leader was stepped. */
  ticksSinceLeaderContact = 0;
  /** Follower: the tick at which it last asked its leader's node to wake the group. */
  wakeAskedAtTick = Number.NEGATIVE_INFINITY;
  /** When this replica last stepped a message from the leader it follows (ms); a sleeping follower's leader is vouched for by its node's frames. */
  leaderContactMs = 0;
  /** A brand-new group's preferred leader campaigns as soon as it has applied its first entries, rather than after an election timeout. */
  private campaignWhenApplied = false;

  constructor(
    readonly id: number,
    readonly log: GroupLog,
    protected readonly ctx: GroupContext,
  ) {
    this.appliedIndex = log.snapshot().metadata.index;
    this.raw = new RawNode({
      // Consensus lines carry node (from the base logger), group, and term (from the library).
      logger: ctx.log.child({ group: id }),
      id: ctx.replicaId(),
      store: log,
      random: createRandom(ctx.seed()),
      electionTimeoutTicks: limits.electionTimeoutTicks,
      heartbeatIntervalTicks: 1,
      applied: log.snapshot().metadata.index,
      preVote: true,
      checkQuorum: true,
    });
  }

  // ------------------------------------------------------------ what each kind of group adds

  /** Applies a committed entry of type Normal. */
  protected abstract applyEntry(e: Entry): void;
  /** Replaces the state machine with a snapshot's (received from the leader). */
  protected abstract restore(data: Uint8Array, index: number): void;
  /** The state machine as of the applied index, for a snapshot. */
  protected abstract snapshotData(): Uint8Array;
  /** The role changed; `wasLeader` tells whether this replica led before. */
  protected abstract onRoleChange(isLeader: boolean, wasLeader: boolean): void;
  /** Work before the Ready is taken: proposals waiting, deadlines passed. */
  abstract beforeReady(now: number): void;
  /** Fails everything waiting on this group (it is dropped, or the node stops). */
  abstract failWaiting(reason: string): void;
  /** Entries kept in memory before the log is compacted. */
  protected abstract cacheEntriesMax(): number;
  /** Payload bytes kept in memory before the log is compacted (large records reach it long before the entry count). */
  protected abstract cacheBytesMax(): number;
  /** An index the log must be compacted up to whatever the cache holds (shard retention), or 0. */
  protected compactionFloor(): number {
    return 0;
  }
  /** Whether compacted entries are deleted from the store (the meta log) or kept (a shard's records). */
  protected abstract readonly deletesCompactedEntries: boolean;
  /** Whether work waits to be proposed (appends queued since the last iteration): the loop must run. */
  hasQueuedWork(): boolean {
    return false;
  }
  /** Whether appends wait in this group, not yet proposed nor answered. */
  holdsAppends(): boolean {
    return false;
  }
  /** Called after a Ready's snapshot and entries are applied, when the applied index moved. */
  protected afterApply(): void {}

  // ------------------------------------------------------------ the Ready contract, shared

  isLeader(): boolean {
    return this.raw.isLeader();
  }

  /** Not ticked, nor looked at by the loop, until something happens to it (hibernation.ts). */
  get asleep(): boolean {
    return this.sleeping;
  }

  set asleep(value: boolean) {
    if (this.sleeping && !value && this.lead !== "" && !this.isLeader()) {
      // Asleep, it was in touch through its leader's node's frames: it still is as of the last one.
      const ago = this.ctx.lastFrameAgoMs(parseReplicaId(this.lead).node);
      if (ago !== undefined) this.leaderContactMs = Math.max(this.leaderContactMs, this.ctx.clock.now() - ago);
      this.ticksSinceLeaderContact = 0;
    }
    this.sleeping = value;
  }

  /** There is work for this group (a proposal, an append queued): it is awake, and the loop runs. */
  wakeUp(): void {
    this.asleep = false;
    this.ctx.wake();
  }

  /** Campaigns once the group's bootstrap entries are applied (a new group on its preferred node). */
  campaignSoon(): void {
    this.campaignWhenApplied = true;
  }

  /** Shared work before the Ready is taken; each kind of group adds its own (`beforeReady`). */
  prepare(now: number): void {
    if (this.campaignWhenApplied && this.appliedIndex >= this.raw.basicStatus().commit) {
      this.campaignWhenApplied = false;
      if (this.lead === "") this.raw.campaign();
    }
    this.beforeReady(now);
  }

  /** Steps a message from a peer. (`prefetched`: a shard snapshot whose records are already here.) */
  step(m: Message, _prefetched: boolean): void {
    this.noteLeaderContact(m);
    this.raw.step(m);
  }

  /** A message from the leader this replica follows: it is in touch. */
  protected noteLeaderContact(m: Message): void {
    if (m.from === this.lead && m.from !== "") this.leaderContactMs = this.ctx.clock.now();
  }

  /** Step 1: stages the Ready's snapshot, entries and hard state into the loop's batch. */
  persist(rd: Ready, batch: WriteBatch): void {
    if (rd.snapshot) this.log.applySnapshot(rd.snapshot, batch, !this.deletesCompactedEntries);
    this.log.append(rd.entries, batch);
    if (rd.hardState) this.log.setHardState(rd.hardState, batch);
    if (rd.mustSync) batch.mustSync = true;
  }

  /** Step 3: the role change, the snapshot, then committed entries in order. */
  apply(rd: Ready): void {
    const before = this.appliedIndex;
    if (rd.softState) this.changeRole(rd.softState);
    if (rd.snapshot) {
      const index = rd.snapshot.metadata.index;
      assert(index > this.appliedIndex, () => `group ${this.id}: snapshot at ${index} does not advance applied ${this.appliedIndex}`);
      this.restore(rd.snapshot.data, index);
      this.appliedIndex = index;
    }
    for (const e of rd.committedEntries) {
      assert(e.index === this.appliedIndex + 1, () => `group ${this.id}: applied ${e.index} after ${this.appliedIndex}`);
      if (e.type === EntryType.ConfChange) {
        this.raw.applyConfChange(confChangeOf(e));
        this.ctx.routingChanged();
      } else {
        this.applyEntry(e);
      }
      this.appliedIndex = e.index;
    }
    if (this.appliedIndex > before) this.afterApply();
  }

  private changeRole(soft: SoftState): void {
    const me = this.ctx.replicaId();
    const wasLeader = this.lead === me;
    this.lead = soft.lead;
    this.ctx.routingChanged();
    if (soft.state === StateType.Leader && !wasLeader) this.ctx.becameLeader();
    if (soft.state === StateType.Candidate) this.ctx.electionStarted();
    this.onRoleChange(soft.state === StateType.Leader, wasLeader);
  }

  /**
   * Compacts the log when its cache holds too many entries or bytes, or when
   * it must reach a floor (retention): records a snapshot of the applied
   * state and drops the cached entries below it.
   */
  maybeCompact(batch: WriteBatch, force = false): boolean {
    const limit = this.cacheEntriesMax();
    const cached = this.log.cachedEntryCount();
    const snapIndex = this.log.snapshot().metadata.index;
    const floor = Math.min(this.compactionFloor(), this.appliedIndex);
    // Over its bytes, the cache keeps the newest half of them (never past what is applied).
    const bytesFloor = this.log.cachedBytes() > this.cacheBytesMax() ? Math.min(this.log.indexKeepingBytes(Math.floor(this.cacheBytesMax() / 2)), this.appliedIndex) : 0;
    if (bytesFloor > snapIndex) {
      this.log.compact(logIndex(Math.max(bytesFloor, floor)), { voters: [...this.raw.status().voters] }, this.snapshotData(), batch, this.deletesCompactedEntries);
      return true;
    }
    if (!force && cached <= limit && floor <= snapIndex) return false;
    // Keep half the window cached, so a follower a little behind gets entries, not a snapshot
    // (the meta log has no records to keep: its snapshot is the whole state). An operator's
    // compaction (`force`) compacts as if the cache were full.
    const window = cached > limit || force ? (this.deletesCompactedEntries ? this.appliedIndex : this.appliedIndex - Math.floor(limit / 2)) : 0;
    const index = Math.max(window, floor);
    if (index <= snapIndex) return false;
    this.log.compact(logIndex(index), { voters: [...this.raw.status().voters] }, this.snapshotData(), batch, this.deletesCompactedEntries);
    return true;
  }

  /** Payload bytes the log holds in memory (bounded by cacheBytesMax). */
  cachedBytes(): number {
    return this.log.cachedBytes();
  }

  /** The group as the peer API reports it. */
  status(): GroupStatus {
    const s = this.raw.status();
    return {
      groupId: this.id,
      state: stateNames[s.state],
      leader: s.lead,
      term: s.term,
      commit: s.commit,
      applied: s.applied,
      lastIndex: s.lastIndex,
      voters: [...s.voters],
      asleep: this.asleep,
    };
  }
}
