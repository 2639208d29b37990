/**
 * A shard's Raft group: its log is the shard's stream. Appends wait in a
 * queue, are merged into entries and proposed by the leader; once an entry is
 * applied its records get sequence numbers derived from (shard, log index,
 * offset, arrival time), the same on every replica. Reads, seeks by time,
 * retention and the fetching of records behind a snapshot live here too.
 *
 * A split or merge seals a shard: its leader appends a seal entry, and
 * nothing after it in the log counts — appends ordered after it are answered
 * SHARD_CLOSED (never stored; the gateway sends them to the child), reads end
 * at it. The seal survives compaction in the group's snapshot.
 */
import type { Entry, Message, NodeId } from "@tributary/raft";
import { EntryType, logIndex, MessageType, ProposalDroppedError, StateType } from "@tributary/raft";
import type { GroupLog } from "@tributary/storage";
import { decodeEntry, encodeEntry } from "@tributary/storage";
import type { Failure, PeerApiCaller, ReadRecord } from "@tributary/protocol";
import { offsetsPerEntryMax, sequenceNumber } from "@tributary/protocol";
import { assert } from "./assert.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { GroupContext } from "./raft-group.js";
import { RaftGroup } from "./raft-group.js";
import type { DataKeyRecord, RecordCipher } from "./record-cipher.js";
import { KeyUnavailableError } from "./record-cipher.js";
import type { ShardEntry, ShardRecord } from "./shard-entry.js";
import { decodeRecords, decodeShardEntry, decodeShardSnapshot, encodeRecords, encodeShardEntry, encodeShardSnapshot, peekArrivalMs, plainEntry, recordBytes } from "./shard-entry.js";

/** Where this group sits in the catalog. */
export interface ShardInfo {
  readonly streamName: string;
  readonly shardId: string;
  readonly shardIndex: number;
  readonly createdS: number;
  /** PENDING: a child whose parents are not sealed yet; it takes no record. */
  readonly state: "OPEN" | "PENDING" | "SEALING" | "CLOSED";
  /** The stream's encryption at rest: the data key new entries are sealed with (none: in the clear), and every data key its entries may name. */
  readonly encryption: { readonly current: DataKeyRecord | undefined; readonly keys: readonly DataKeyRecord[] };
}

export type SealOutcome =
  | { readonly kind: "ok"; readonly sealIndex: number; readonly endingSequenceNumber: string; readonly sealedMs: number }
  | { readonly kind: "not-leader"; readonly leader: NodeId | "" }
  | { readonly kind: "failure"; readonly failure: Failure };

export type AppendOutcome =
  /** The records are offsets firstOffset, firstOffset + 1, ... of entry `index` (their sequence numbers are rendered from these by the gateway). */
  | { readonly kind: "ok"; readonly index: number; readonly firstOffset: number; readonly arrivalMs: number; readonly encrypted: boolean }
  | { readonly kind: "not-leader"; readonly leader: NodeId | "" }
  | { readonly kind: "failure"; readonly failure: Failure };

/** An append waiting to be put into an entry. */
interface QueuedAppend {
  readonly records: readonly ShardRecord[];
  readonly bytes: number;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly deadline: number;
  /** When it arrived (clock ms): the time to commit is measured from here. */
  readonly queuedAt: number;
}

/** An entry this replica proposed as leader, waiting to be applied. */
interface InflightEntry {
  readonly term: number;
  readonly arrivalMs: number;
  readonly encrypted: boolean;
  /** Each append's first offset in the entry, in the same order as `appends`. */
  readonly appends: { readonly append: QueuedAppend; readonly firstOffset: number }[];
}

export interface ReadResult {
  records: ReadRecord[];
  nextIndex: number;
  nextOffset: number;
  appliedIndex: number;
  lastArrivalMs: number;
  /** The shard is sealed and the read reached its end. */
  endOfShard: boolean;
}

/** What a shard group needs beyond any group's context. */
export interface ShardContext extends GroupContext {
  /** Entries of a shard's log kept in memory before it is compacted. */
  readonly shardLogCacheEntries: number;
  /** The node API of a peer, to fetch the records a snapshot stands for. */
  peer(node: string): PeerApiCaller;
  /** Hands a message back to the loop, to be stepped in its next iteration. */
  deliver(group: number, message: Message, prefetched: boolean): void;
  /** Waits for one of the node's slots for fetching records from a peer (fetch-slots.ts); the function gives it back. */
  fetchSlot(): Promise<() => void>;
  /** An append committed and was acknowledged this long after it arrived (metrics). */
  appendCommitted(ms: number): void;
  /** Seals and opens the records of encrypted streams. */
  readonly cipher: RecordCipher;
  /** How long a replica that stopped leading, or a candidate, holds queued appends while no leader is known (limits.leaderUnknownHoldTicks at this node's tick). */
  readonly leaderUnknownHoldMs: number;
}

const failure = (code: Failure["code"], detail: string): AppendOutcome => ({ kind: "failure", failure: { code, detail } });

export class ShardGroup extends RaftGroup {
  protected readonly deletesCompactedEntries = false;
  /** Appends not yet proposed. */
  private queued: QueuedAppend[] = [];
  /** Since when this replica, no longer leading, holds queued appends until it learns who leads now (see answerNotLeader). */
  private heldSinceMs: number | undefined;
  /**
   * Entries this replica proposed, by log index. An index can hold proposals
   * of several terms: one proposed as leader, truncated away, then proposed
   * again at the same index after a later election. Whichever term the
   * committed entry at that index has decides each of them.
   */
  private readonly inflight = new Map<number, InflightEntry[]>();
  /** The arrival time of the newest entry this replica knows of: a leader's next entry is never earlier. */
  private lastArrivalMs = 0;
  /** The arrival time of the last applied entry (what readers see as the newest). */
  private appliedArrivalMs = 0;
  /** The records a snapshot stands for are being fetched from a peer; messages to this group wait. */
  fetching = false;
  /** A fetch waits for one of the node's fetch slots; meanwhile only snapshots are not stepped. */
  private awaitingFetchSlot = false;
  /** First log index within the stream's retention period (entries below it are due for deletion). */
  retentionCutoff = 0;
  /**
   * The arrival time of the oldest stored entry that has one, as retention last
   * found it (null: none stored; undefined: not known). A retention pass
   * skips a shard whose oldest entry is still within its period, so idle
   * shards cost it no reads.
   */
  private oldestArrivalMs: number | null | undefined = undefined;
  /** The applied seal entry's index (0: not sealed), and its arrival time. */
  private sealIndex: number;
  private sealedMs: number;
  /** The seal this replica proposed as leader and has not seen applied, with who waits for it. */
  private sealProposal: { readonly index: number; readonly term: number; readonly waiters: ((o: SealOutcome) => void)[]; readonly deadline: number } | undefined;
  /** Records and bytes applied: what a shard takes in, for on-demand scaling. */
  recordsApplied = 0;
  bytesApplied = 0;
  /** Subscriptions waiting for the next applied entry; each is called once, then forgotten. */
  private readonly appliedWaiters = new Set<() => void>();
  /** The group was dropped from this node, or the node stops: its subscriptions end. */
  private closed = false;

  constructor(
    id: number,
    log: GroupLog,
    private readonly shardCtx: ShardContext,
    public info: ShardInfo,
  ) {
    super(id, log, shardCtx);
    const snapshot = decodeShardSnapshot(log.snapshot().data);
    this.sealIndex = snapshot.sealIndex;
    this.sealedMs = snapshot.sealedMs;
  }

  /** Whether this shard's seal entry is applied: it takes nothing more. */
  get sealed(): boolean {
    return this.sealIndex > 0;
  }

  protected cacheEntriesMax(): number {
    return this.shardCtx.shardLogCacheEntries;
  }

  protected cacheBytesMax(): number {
    return limits.shardLogCacheBytesMax;
  }

  protected override compactionFloor(): number {
    // Records past retention must leave the log too: compact up to the retention boundary.
    return this.retentionCutoff - 1;
  }

  protected snapshotData(): Uint8Array {
    // A shard's snapshot is metadata only: its records stay in the log keys.
    return encodeShardSnapshot(this.id, { sealIndex: this.sealIndex, sealedMs: this.sealedMs });
  }

  // ------------------------------------------------------------ appends

  /** Appends records; resolves once they are committed (stored on a majority), or with why not. */
  append(records: readonly ShardRecord[]): Promise<AppendOutcome> {
    if (this.sealed || this.sealProposal) return Promise.resolve(failure("SHARD_CLOSED", `shard ${this.info.shardId} is sealed`));
    if (this.info.state === "PENDING") return Promise.resolve(failure("SHARD_NOT_OPEN", `shard ${this.info.shardId} is not open yet`));
    // A candidate (most often the replica a leader is handing over to) holds appends until it knows
    // the election's outcome: proposed if it wins, answered with the winner's name if not (answerNotLeader).
    if (!this.isLeader() && this.raw.basicStatus().state !== StateType.Candidate) return Promise.resolve({ kind: "not-leader", leader: this.leaderToName() });
    if (this.queued.length >= limits.pendingAppendsPerGroupMax) return Promise.resolve(failure("OVERLOADED", "too many appends waiting for this shard"));
    if (records.length === 0 || records.length >= offsetsPerEntryMax) return Promise.resolve(failure("INVALID_REQUEST", `an append holds 1..${offsetsPerEntryMax - 1} records`));
    const bytes = recordBytes(records);
    return new Promise((resolve) => {
      const now = this.ctx.clock.now();
      this.queued.push({ records, bytes, resolve, deadline: now + limits.appendTimeoutMs, queuedAt: now });
      this.wakeUp();
    });
  }

  /** Queued appends the loop can act on now: not those held while leadership moves (see beforeReady). */
  override hasQueuedWork(): boolean {
    return this.queued.length > 0 && this.isLeader() && !this.transferring();
  }

  /** Who leads, in Raft's view now (this.lead follows it only once the loop takes the Ready that says so; until then it may still name this replica). */
  private leaderNow(): NodeId {
    return this.raw.basicStatus().lead;
  }

  /** Appends wait here, to be proposed or answered (a node handing off waits for them before it stops). */
  override holdsAppends(): boolean {
    return this.queued.length > 0;
  }

  /** A leadership transfer is under way from this replica. */
  private transferring(): boolean {
    return this.raw.basicStatus().leadTransferee !== "";
  }

  /** Merges queued appends into entries and proposes them (leader only). */
  beforeReady(now: number): void {
    this.expire(now);
    if (this.queued.length === 0) {
      this.heldSinceMs = undefined;
      return;
    }
    if (this.sealed || this.sealProposal) {
      for (const q of this.queued) q.resolve(failure("SHARD_CLOSED", `shard ${this.info.shardId} is sealed`));
      this.queued = [];
      return;
    }
    if (!this.isLeader()) {
      this.answerNotLeader(now);
      return;
    }
    // Handing leadership over: the next leader takes these, so they wait here (not proposed, not
    // refused) and are answered with its name once this replica has voted for it; if the transfer fails, they are proposed here.
    if (this.transferring()) return;
    this.heldSinceMs = undefined;
    while (this.queued.length > 0) {
      const appends: { append: QueuedAppend; firstOffset: number }[] = [];
      const records: ShardRecord[] = [];
      let bytes = 0;
      while (this.queued.length > 0) {
        const q = this.queued[0] as QueuedAppend;
        const fits = records.length + q.records.length <= Math.min(limits.entryRecordsMax, offsetsPerEntryMax - 1) && bytes + q.bytes <= limits.entryBytesMax;
        if (appends.length > 0 && !fits) break;
        this.queued.shift();
        appends.push({ append: q, firstOffset: records.length });
        records.push(...q.records);
        bytes += q.bytes;
      }
      const arrivalMs = Math.max(now, this.lastArrivalMs);
      try {
        const entry = this.entryOf(arrivalMs, records);
        const pos = this.raw.propose(encodeShardEntry(entry));
        this.lastArrivalMs = arrivalMs;
        const atIndex = this.inflight.get(pos.index) ?? [];
        assert(!atIndex.some((e) => e.term === pos.term), () => `group ${this.id}: two proposals at index ${pos.index} in term ${pos.term}`);
        atIndex.push({ term: pos.term, arrivalMs, encrypted: entry.encrypted !== undefined, appends });
        this.inflight.set(pos.index, atIndex);
      } catch (err) {
        if (err instanceof KeyUnavailableError) {
          for (const { append } of appends) append.resolve({ kind: "failure", failure: err.failure });
          continue;
        }
        if (!(err instanceof ProposalDroppedError)) throw err;
        for (const { append } of appends) append.resolve(failure("NOT_STORED", err.message));
      }
    }
  }

  /** An entry of `records`: sealed with the stream's data key when it is encrypted, else in the clear. */
  private entryOf(arrivalMs: number, records: readonly ShardRecord[]): ShardEntry {
    const plain = plainEntry(arrivalMs, records);
    const key = this.info.encryption.current;
    if (!key) return plain;
    return { ...plain, records: [], encrypted: this.shardCtx.cipher.seal(this.id, key, encodeRecords(records), plain) };
  }

  /** An entry's records: opened with the data key it names when they are encrypted. */
  private recordsOf(entry: ShardEntry): readonly ShardRecord[] {
    return entry.encrypted ? decodeRecords(this.shardCtx.cipher.open(this.id, this.info.encryption.keys, entry.encrypted, entry)) : entry.records;
  }

  /** Fails appends past their deadline: queued ones certainly unstored, proposed ones of unknown outcome. */
  private expire(now: number): void {
    if (this.queued.length > 0 && (this.queued[0] as QueuedAppend).deadline < now) {
      const keep: QueuedAppend[] = [];
      for (const q of this.queued) {
        if (q.deadline < now) q.resolve(failure("NOT_STORED", "the append was not proposed in time"));
        else keep.push(q);
      }
      this.queued = keep;
    }
    if (this.sealProposal && this.sealProposal.deadline < now) this.endSealProposal({ kind: "failure", failure: { code: "OUTCOME_UNKNOWN", detail: "the seal did not commit in time" } });
    for (const [index, entries] of this.inflight) {
      const keep = entries.filter((e) => {
        if (!e.appends.some(({ append }) => append.deadline < now)) return true;
        for (const { append } of e.appends) append.resolve(failure("OUTCOME_UNKNOWN", "the append did not commit in time; it may still be stored"));
        return false;
      });
      if (keep.length === 0) this.inflight.delete(index);
      else this.inflight.set(index, keep);
    }
  }

  failWaiting(reason: string): void {
    this.closed = true;
    for (const wake of [...this.appliedWaiters]) wake();
    this.endSealProposal({ kind: "failure", failure: { code: "OUTCOME_UNKNOWN", detail: reason } });
    for (const q of this.queued) q.resolve(failure("NOT_STORED", reason));
    this.queued = [];
    this.heldSinceMs = undefined;
    for (const entries of this.inflight.values()) for (const e of entries) for (const { append } of e.appends) append.resolve(failure("OUTCOME_UNKNOWN", reason));
    this.inflight.clear();
  }

  protected onRoleChange(isLeader: boolean, wasLeader: boolean): void {
    if (isLeader) {
      // Arrival times stay monotonic across leaders: start from the newest entry this log holds
      // (entries past the applied index may carry later times than any applied one).
      this.lastArrivalMs = Math.max(this.lastArrivalMs, this.appliedArrivalMs);
      const last = this.log.lastIndex();
      const first = Math.max(this.log.firstIndex(), this.appliedIndex + 1);
      for (let i = last; i >= first; i--) {
        const arrival = peekArrivalMs((this.log.entries(logIndex(i), logIndex(i + 1), Infinity)[0] as Entry).data);
        if (arrival !== undefined) {
          this.lastArrivalMs = Math.max(this.lastArrivalMs, arrival);
          break;
        }
      }
    } else {
      // Appends not yet in the log cannot commit here any more; a seal proposed here may
      // still commit under the next leader, and asking again is harmless.
      this.answerNotLeader(this.ctx.clock.now());
      if (wasLeader) this.endSealProposal({ kind: "not-leader", leader: this.lead });
    }
  }

  /**
   * Queued appends on a replica that does not lead (any more): answered
   * "not the leader", naming the leader so the gateway goes straight there
   * (see leaderToName: a leader that handed over names the replica it voted
   * for at once). A candidate, or a replica that stepped down and has voted
   * for no one yet, learns who leads about a round trip later, so the
   * appends are held until then, at most limits.leaderUnknownHoldTicks; then
   * answered without a name.
   */
  private answerNotLeader(now: number): void {
    if (this.queued.length === 0) {
      this.heldSinceMs = undefined;
      return;
    }
    this.heldSinceMs ??= now;
    const lead = this.leaderToName();
    if (lead === "" && now - this.heldSinceMs < this.shardCtx.leaderUnknownHoldMs) return;
    this.heldSinceMs = undefined;
    for (const q of this.queued) q.resolve({ kind: "not-leader", leader: lead });
    this.queued = [];
  }

  /**
   * Whom a "not the leader" answer names: the leader Raft knows; else, on a
   * follower, the candidate it voted for in this term. A leader handing over
   * steps down when its chosen replica's vote request arrives, and votes for
   * it: in a group of three, that vote and the candidate's own are a
   * majority, so the candidate is the next leader, known here a round trip
   * before its first message says so. (Should it not win after all, the
   * gateway is told again by the replica it goes to.) Else no one.
   */
  private leaderToName(): NodeId | "" {
    const { lead, state, vote, id } = this.raw.basicStatus();
    if (lead !== "") return lead;
    return state === StateType.Follower && vote !== "" && vote !== id ? vote : "";
  }

  protected restore(data: Uint8Array, index: number): void {
    const snapshot = decodeShardSnapshot(data);
    this.oldestArrivalMs = undefined; // the records behind it were fetched into the store
    if (snapshot.sealIndex > 0 && this.sealIndex === 0) {
      this.sealIndex = snapshot.sealIndex;
      this.sealedMs = snapshot.sealedMs;
      this.endSealProposal(this.sealOutcome());
    }
    // The records up to the snapshot were fetched before it was stepped; proposals at or below
    // it can no longer be matched to their entries.
    for (const [i, entries] of this.inflight) {
      if (i > index) continue;
      for (const e of entries) for (const { append } of e.appends) append.resolve(failure("OUTCOME_UNKNOWN", "outcome unknown: replaced by a snapshot"));
      this.inflight.delete(i);
    }
  }

  protected applyEntry(e: Entry): void {
    if (e.data.byteLength === 0) return; // a leader's empty entry of its term
    const arrival = peekArrivalMs(e.data);
    assert(arrival !== undefined, () => `group ${this.id}: committed entry ${e.index} is not a shard entry`);
    assert(arrival >= this.appliedArrivalMs, () => `group ${this.id}: entry ${e.index} arrived at ${arrival}, before the entry applied earlier (${this.appliedArrivalMs})`);
    this.lastArrivalMs = Math.max(this.lastArrivalMs, arrival);
    if (this.oldestArrivalMs === null) this.oldestArrivalMs = arrival;
    const proposals = this.inflight.get(e.index);
    this.inflight.delete(e.index);
    if (this.sealed) {
      // After the seal nothing counts: appends that raced it were never stored.
      for (const p of proposals ?? []) for (const { append } of p.appends) append.resolve(failure("SHARD_CLOSED", `shard ${this.info.shardId} is sealed`));
      return;
    }
    this.appliedArrivalMs = arrival;
    const entry = decodeShardEntry(e.data);
    if (entry.seal) {
      this.sealIndex = e.index;
      this.sealedMs = arrival;
      this.ctx.log.info({ group: this.id, shard: this.info.shardId, sealIndex: e.index }, "shard sealed");
      this.endSealProposal(this.sealOutcome());
      return;
    }
    this.recordsApplied += entry.recordCount;
    this.bytesApplied += entry.recordBytes;
    for (const proposal of proposals ?? []) {
      if (proposal.term !== e.term) {
        // Another entry was committed at this index: ours never will be, anywhere.
        for (const { append } of proposal.appends) append.resolve(failure("NOT_STORED", "the entry was replaced by a new leader"));
        continue;
      }
      assert(proposal.arrivalMs === arrival, () => `group ${this.id}: entry ${e.index} of term ${e.term} changed its arrival time`);
      for (const { append, firstOffset } of proposal.appends) {
        const lastOffset = firstOffset + append.records.length - 1;
        assert(lastOffset < offsetsPerEntryMax, () => `group ${this.id}: offset ${lastOffset} does not fit an entry`);
        append.resolve({ kind: "ok", index: e.index, firstOffset, arrivalMs: arrival, encrypted: proposal.encrypted });
        this.shardCtx.appendCommitted(this.ctx.clock.now() - append.queuedAt);
      }
    }
  }

  // ------------------------------------------------------------ sealing

  private sealOutcome(): SealOutcome {
    const endingSequenceNumber = sequenceNumber({ shardCreatedS: this.info.createdS, shardIndex: this.info.shardIndex, logIndex: this.sealIndex, offset: 0, arrivalS: Math.floor(this.sealedMs / 1000) });
    return { kind: "ok", sealIndex: this.sealIndex, endingSequenceNumber, sealedMs: this.sealedMs };
  }

  private endSealProposal(outcome: SealOutcome): void {
    const p = this.sealProposal;
    this.sealProposal = undefined;
    for (const w of p?.waiters ?? []) w(outcome);
  }

  /**
   * Seals the shard (leader only): appends the seal entry once and answers
   * when it is applied, with its position. Once sealed, answers at once.
   */
  seal(): Promise<SealOutcome> {
    if (this.sealed) return Promise.resolve(this.sealOutcome());
    if (!this.isLeader()) return Promise.resolve({ kind: "not-leader", leader: this.leaderNow() });
    return new Promise((resolve) => {
      if (this.sealProposal) {
        this.sealProposal.waiters.push(resolve);
        return;
      }
      try {
        const pos = this.raw.propose(encodeShardEntry({ ...plainEntry(Math.max(this.ctx.clock.now(), this.lastArrivalMs), []), seal: true }));
        this.sealProposal = { index: pos.index, term: pos.term, waiters: [resolve], deadline: this.ctx.clock.now() + limits.appendTimeoutMs };
        this.wakeUp();
      } catch (err) {
        if (!(err instanceof ProposalDroppedError)) throw err;
        resolve({ kind: "failure", failure: { code: "NOT_STORED", detail: err.message } });
      }
    });
  }

  // ------------------------------------------------------------ reads

  /** Whether this group still runs here (it was not dropped, the node is not stopping). */
  get open(): boolean {
    return !this.closed;
  }

  /**
   * Whether this replica is in touch with its leader, so what it serves is
   * at most a round trip behind: it leads (a leader that loses its quorum
   * steps down), or it heard from the leader within an election timeout. A
   * replica cut off, removed from the group, or whose loop is stuck is not.
   */
  inTouchWithLeader(now: number): boolean {
    if (this.lead === "") return false;
    if (this.isLeader()) return true;
    // Asleep, its leader sends no heartbeats: the leader's node's frames stand for them.
    if (this.asleep) return this.ctx.heardFromWithin(parseReplicaId(this.lead).node, limits.leaderContactMaxMs);
    return now - this.leaderContactMs <= limits.leaderContactMaxMs;
  }

  protected override afterApply(): void {
    for (const wake of [...this.appliedWaiters]) wake();
  }

  /** Resolves once an entry past `index` is applied here, after `timeoutMs`, when `signal` aborts, or when the group closes. */
  appliedPast(index: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.appliedIndex > index || this.closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        cancelTimer();
        signal.removeEventListener("abort", done);
        this.appliedWaiters.delete(done);
        resolve();
      };
      const cancelTimer = this.ctx.clock.after(timeoutMs, done);
      signal.addEventListener("abort", done, { once: true });
      this.appliedWaiters.add(done);
    });
  }

  /** Committed entries [from, toExclusive): from the log's memory while it holds them (the recent tail), else from the store. */
  private async entriesBetween(from: number, toExclusive: number, maxBytes: number, maxCount: number): Promise<Entry[]> {
    const last = Math.min(toExclusive - 1, this.log.lastIndex(), from + maxCount - 1);
    if (from >= this.log.firstIndex() && from <= last) return this.log.entries(logIndex(from), logIndex(last + 1), maxBytes);
    return this.ctx.store.readEntries(this.id, from, toExclusive, maxBytes, maxCount);
  }

  /** Committed records from (index, offset), at most `limit` records and `maxBytes` of data (at least one record). */
  async read(fromIndex: number, fromOffset: number, limit: number, maxBytes: number): Promise<ReadResult> {
    // A sealed shard ends at its seal: nothing after it is read.
    const applied = this.sealed ? Math.min(this.appliedIndex, this.sealIndex) : this.appliedIndex;
    let index = Math.max(fromIndex, 1);
    const out: ReadResult = { records: [], nextIndex: index, nextOffset: fromOffset, appliedIndex: applied, lastArrivalMs: this.appliedArrivalMs, endOfShard: false };
    if (index < this.log.firstIndex()) {
      // Below the log's memory: start at the first record retention kept (or the memory's first, if it kept none).
      const firstStored = (await this.ctx.store.firstStoredIndex(this.id, 0)) ?? this.log.firstIndex();
      if (index < firstStored) {
        index = firstStored;
        fromOffset = 0;
        out.nextIndex = index;
        out.nextOffset = 0;
      }
    }
    let bytes = 0;
    while (index <= applied && out.records.length < limit) {
      const entries = await this.entriesBetween(index, applied + 1, Math.max(maxBytes - bytes, 1), 64);
      if (entries.length === 0) break;
      for (const e of entries) {
        const start = e.index === fromIndex ? fromOffset : 0;
        if (e.type === EntryType.Normal && e.data.byteLength > 0) {
          const entry = decodeShardEntry(e.data);
          /** The read ends before record `offset` of this entry: the next one starts there. */
          const endAt = (offset: number): ReadResult => {
            out.nextIndex = e.index;
            out.nextOffset = offset;
            return out;
          };
          // Full: stop before opening an entry none of whose records fit.
          if (start < entry.recordCount && out.records.length >= limit) return endAt(start);
          let records: readonly ShardRecord[] = [];
          try {
            if (start < entry.recordCount) records = this.recordsOf(entry);
          } catch (err) {
            // A key this node cannot use: what was read before the entry is served, the entry is refused on the next read.
            if (!(err instanceof KeyUnavailableError) || out.records.length === 0) throw err;
            return endAt(start);
          }
          for (let k = start; k < records.length; k++) {
            const rec = records[k] as ShardRecord;
            if (out.records.length >= limit || (out.records.length > 0 && bytes + rec.data.byteLength > maxBytes)) return endAt(k);
            out.records.push({
              data: rec.data,
              partitionKey: rec.partitionKey,
              arrivalMs: entry.arrivalMs,
              index: e.index,
              offset: k,
              encrypted: entry.encrypted !== undefined,
            });
            bytes += rec.data.byteLength;
          }
        }
        index = e.index + 1;
        out.nextIndex = index;
        out.nextOffset = 0;
      }
    }
    out.endOfShard = this.sealed && out.nextIndex > this.sealIndex;
    return out;
  }

  /** The arrival time of the first shard entry at or after `index` (up to `last`), or undefined if none. */
  private async arrivalFrom(index: number, last: number): Promise<{ index: number; arrivalMs: number } | undefined> {
    for (let i = index; i <= last; ) {
      const entries = await this.ctx.store.readEntries(this.id, i, last + 1, Number.MAX_SAFE_INTEGER, 8);
      if (entries.length === 0) return undefined;
      for (const e of entries) {
        const arrivalMs = e.type === EntryType.Normal ? peekArrivalMs(e.data) : undefined;
        if (arrivalMs !== undefined) return { index: e.index, arrivalMs };
      }
      i = (entries[entries.length - 1] as Entry).index + 1;
    }
    return undefined;
  }

  /**
   * The first log index whose entry arrived at or after `timestampMs`
   * (arrival times are monotonic per shard, so a binary search works);
   * applied + 1 when every entry is older.
   */
  async seek(timestampMs: number): Promise<number> {
    const applied = this.sealed ? Math.min(this.appliedIndex, this.sealIndex) : this.appliedIndex;
    let lo = (await this.ctx.store.firstStoredIndex(this.id, 0)) ?? applied + 1;
    let hi = applied + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const found = await this.arrivalFrom(mid, applied);
      if (found === undefined || found.arrivalMs >= timestampMs) hi = mid;
      else lo = found.index + 1;
    }
    return lo;
  }

  /**
   * Retention: records older than the stream's retention period disappear.
   * Entries the Raft log has compacted are deleted at once; the compaction
   * point is then moved up to the retention boundary (in the loop), so the
   * next pass deletes the rest.
   */
  async enforceRetention(now: number, retentionHours: number): Promise<void> {
    const cutoffMs = now - retentionHours * 3_600_000;
    const oldest = this.oldestArrivalMs;
    if (oldest === null || (oldest !== undefined && oldest >= cutoffMs)) return; // nothing stored has expired
    const applied = this.appliedIndex;
    const keepFrom = await this.seek(cutoffMs);
    const deleteBelow = Math.min(keepFrom, this.log.snapshot().metadata.index + 1);
    const first = await this.ctx.store.firstStoredIndex(this.id, 0);
    if (first !== undefined && first < deleteBelow) {
      await this.ctx.store.deleteEntriesBefore(this.id, deleteBelow);
      this.ctx.log.info({ group: this.id, before: deleteBelow }, "deleted records past their retention period");
    }
    this.retentionCutoff = keepFrom;
    // The oldest entry left (an expired one the Raft log still holds keeps the next pass looking), up
    // to what was applied when the pass began; if none, entries applied since may be the oldest.
    const found = await this.arrivalFrom(deleteBelow, applied);
    this.oldestArrivalMs = found?.arrivalMs ?? (this.appliedIndex > applied ? undefined : null);
  }

  /** Stored entries [from, to] in chunks, for a peer installing a snapshot. */
  async *fetchLog(from: number, to: number): AsyncGenerator<Uint8Array[]> {
    let index = Math.max(from, 1);
    while (index <= to) {
      const entries = await this.ctx.store.readEntries(this.id, index, to + 1, limits.fetchChunkBytesMax, limits.fetchChunkEntriesMax);
      if (entries.length === 0) return;
      yield entries.map(encodeEntry);
      index = (entries[entries.length - 1] as Entry).index + 1;
    }
  }

  // ------------------------------------------------------------ messages

  /** Steps a message from a peer; a snapshot standing for records this replica lacks waits until they are fetched. */
  override step(m: Message, prefetched: boolean): void {
    if (this.fetching) return; // catching up: Raft retransmits
    if (this.awaitingFetchSlot && m.type === MessageType.Snapshot) return; // a fetch for a snapshot is queued already
    if (!prefetched && m.type === MessageType.Snapshot && m.snapshot && m.snapshot.metadata.index > this.log.hardStateNow().commit) {
      this.noteLeaderContact(m);
      void this.fetchThenStep(m);
      return;
    }
    super.step(m, prefetched);
  }

  /**
   * Fetches the records a shard snapshot stands for from its sender
   * (verified on arrival, stored as they arrived), then steps the snapshot.
   * Chunks are pipelined: the next arrives while the one before is written.
   * A node runs a bounded number of fetches at once (`fetchesInFlightMax`).
   */
  private async fetchThenStep(m: Message): Promise<void> {
    const snapshot = m.snapshot;
    if (!snapshot || this.raw.basicStatus().state === StateType.Leader) return;
    // Until a slot frees, the group goes on stepping everything but snapshots (it stays a live voter).
    this.awaitingFetchSlot = true;
    const release = await this.shardCtx.fetchSlot();
    this.awaitingFetchSlot = false;
    this.fetching = true;
    const from = this.log.hardStateNow().commit + 1;
    const to = snapshot.metadata.index;
    const peer = parseReplicaId(m.from).node;
    let writing: Promise<void> | undefined;
    try {
      let fetched = 0;
      for await (const chunk of this.shardCtx.peer(peer).fetchLog({ groupId: this.id, fromIndex: from, toIndex: to })) {
        const batch = this.ctx.store.newBatch();
        // Verified on arrival: a corrupt entry is never stored.
        const entries = chunk.storedEntries.map((bytes) => decodeEntry(this.id, undefined, bytes));
        this.ctx.store.putFetchedEntries(this.id, entries, batch);
        this.oldestArrivalMs = undefined;
        await writing; // chunks are written in order, one at a time
        writing = this.ctx.store.write(batch);
        writing.catch(() => undefined); // its failure is met at the next await, not as an unhandled rejection
        fetched += entries.length;
      }
      await writing;
      this.ctx.log.info({ group: this.id, from, to, fetched, peer }, "fetched shard records for a snapshot");
      this.fetching = false;
      this.shardCtx.deliver(this.id, m, true);
    } catch (err) {
      await writing?.catch(() => undefined);
      this.fetching = false;
      this.ctx.log.warn({ group: this.id, peer, err: (err as Error).message }, "fetching shard records failed; the leader will resend the snapshot");
    } finally {
      release();
    }
  }
}
