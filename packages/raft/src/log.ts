/**
 * The Raft log as the consensus code sees it: a stable prefix in the
 * LogStore, and an unstable suffix (and possibly a snapshot) not yet handed
 * to the application for persistence.
 */
import { assert, CompactedError, UnavailableError } from "./errors.js";
import type { LogStore } from "./log-store.js";
import { limitSize } from "./log-store.js";
import type { Entry, LogIndex, Snapshot, Term } from "./types.js";
import { logIndex } from "./types.js";

/** Entries and a snapshot not yet persisted. `offset` is the index of entries[0]. */
class Unstable {
  snapshot: Snapshot | undefined = undefined;
  entries: Entry[] = [];

  constructor(public offset: LogIndex) {}

  firstIndexHint(): LogIndex | undefined {
    return this.snapshot ? logIndex(this.snapshot.metadata.index + 1) : undefined;
  }

  lastIndexHint(): LogIndex | undefined {
    if (this.entries.length > 0) return logIndex(this.offset + this.entries.length - 1);
    return this.snapshot ? this.snapshot.metadata.index : undefined;
  }

  termHint(i: LogIndex): Term | undefined {
    if (i < this.offset) {
      return this.snapshot && this.snapshot.metadata.index === i ? this.snapshot.metadata.term : undefined;
    }
    return this.entries[i - this.offset]?.term;
  }

  /** The application persisted entries up to (i, t): drop them from here. */
  stableTo(i: LogIndex, t: Term): void {
    // Only if the entry is still the one persisted: a newer leader may have replaced it meanwhile.
    if (i < this.offset || this.termHint(i) !== t) return;
    this.entries = this.entries.slice(i + 1 - this.offset);
    this.offset = logIndex(i + 1);
  }

  stableSnapshotTo(i: LogIndex): void {
    if (this.snapshot && this.snapshot.metadata.index === i) this.snapshot = undefined;
  }

  restore(s: Snapshot): void {
    this.offset = logIndex(s.metadata.index + 1);
    this.entries = [];
    this.snapshot = s;
  }

  truncateAndAppend(ents: readonly Entry[]): void {
    const after = (ents[0] as Entry).index;
    if (after === this.offset + this.entries.length) {
      this.entries = this.entries.concat(ents);
    } else if (after <= this.offset) {
      // Replaces everything unstable; the stable log below `after` stays.
      this.offset = after;
      this.entries = [...ents];
    } else {
      this.entries = this.entries.slice(0, after - this.offset).concat(ents);
    }
  }

  slice(lo: LogIndex, hi: LogIndex): Entry[] {
    assert(lo >= this.offset && hi <= this.offset + this.entries.length && lo <= hi, () => `unstable slice [${lo},${hi}) out of [${this.offset},${this.offset + this.entries.length})`);
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}

export class RaftLog {
  readonly unstable: Unstable;
  /** Highest index known to be committed on a quorum. */
  committed: LogIndex;
  /** Highest index handed to the application to apply. */
  applied: LogIndex;

  constructor(
    readonly store: LogStore,
    readonly committedBytesPerReadyMax: number,
  ) {
    const first = store.firstIndex();
    const last = store.lastIndex();
    this.unstable = new Unstable(logIndex(last + 1));
    this.committed = logIndex(first - 1);
    this.applied = logIndex(first - 1);
  }

  firstIndex(): LogIndex {
    return this.unstable.firstIndexHint() ?? this.store.firstIndex();
  }

  lastIndex(): LogIndex {
    return this.unstable.lastIndexHint() ?? this.store.lastIndex();
  }

  /** The last index of the log's persisted prefix: stored, and not about to be replaced by unstable entries or a snapshot. */
  persistedLastIndex(): LogIndex {
    if (this.unstable.snapshot) return logIndex(0);
    return logIndex(Math.min(this.store.lastIndex(), this.unstable.offset - 1));
  }

  /** The term of entry i, or undefined if it was compacted or does not exist yet. */
  term(i: LogIndex): Term | undefined {
    const dummy = this.firstIndex() - 1;
    if (i < dummy || i > this.lastIndex()) return undefined;
    const t = this.unstable.termHint(i);
    if (t !== undefined) return t;
    try {
      return this.store.term(i);
    } catch (err) {
      if (err instanceof CompactedError || err instanceof UnavailableError) return undefined;
      throw err;
    }
  }

  lastTerm(): Term {
    const t = this.term(this.lastIndex());
    assert(t !== undefined, "the last entry's term must be known");
    return t;
  }

  matchTerm(i: LogIndex, t: Term): boolean {
    return this.term(i) === t;
  }

  /** Raft §5.4.1: is a log ending at (lastIndex, lastTerm) at least as up to date as ours? */
  isUpToDate(lastIndex: LogIndex, lastTerm: Term): boolean {
    const ours = this.lastTerm();
    return lastTerm > ours || (lastTerm === ours && lastIndex >= this.lastIndex());
  }

  /**
   * A follower's handling of an Append: if our log has (index, logTerm), append
   * `ents` after it (truncating any conflicting suffix) and advance the commit
   * index. Returns the index of the last new entry, or undefined on mismatch.
   */
  maybeAppend(index: LogIndex, logTerm: Term, committed: LogIndex, ents: readonly Entry[]): LogIndex | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = logIndex(index + ents.length);
    const conflict = this.findConflict(ents);
    if (conflict !== 0) {
      assert(conflict > this.committed, () => `entry ${conflict} conflicts with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(conflict - (index + 1)));
    }
    this.commitTo(logIndex(Math.min(committed, lastNew)));
    return lastNew;
  }

  append(ents: readonly Entry[]): LogIndex {
    if (ents.length === 0) return this.lastIndex();
    const after = (ents[0] as Entry).index - 1;
    assert(after >= this.committed, () => `append after ${after} is out of range [committed(${this.committed})]`);
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * The index of the first entry in `ents` that is not already in our log with
   * the same term (a conflict, or simply new); 0 when all are present.
   */
  findConflict(ents: readonly Entry[]): LogIndex | 0 {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * The largest index <= `index` whose term is <= `t`: where a leader with an
   * entry of term `t` at `index` could possibly match our log. Lets a rejected
   * Append skip a whole term at a time.
   */
  findConflictByTerm(index: LogIndex, t: Term): LogIndex {
    let i = Math.min(index, this.lastIndex());
    for (; i > 0; i--) {
      const ti = this.term(logIndex(i));
      if (ti === undefined || ti <= t) break;
    }
    return logIndex(i);
  }

  unstableEntries(): Entry[] {
    return this.unstable.entries;
  }

  hasPendingSnapshot(): boolean {
    return this.unstable.snapshot !== undefined && this.unstable.snapshot.metadata.index > 0;
  }

  /** Committed entries not yet handed to the application, within the per-Ready byte limit. */
  nextCommittedEntries(): Entry[] {
    if (this.hasPendingSnapshot()) return [];
    const lo = Math.max(this.applied + 1, this.firstIndex());
    const hi = this.committed + 1;
    if (hi <= lo) return [];
    return this.slice(logIndex(lo), logIndex(hi), this.committedBytesPerReadyMax);
  }

  hasNextCommittedEntries(): boolean {
    if (this.hasPendingSnapshot()) return false;
    return this.committed + 1 > Math.max(this.applied + 1, this.firstIndex());
  }

  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.store.snapshot();
  }

  commitTo(toCommit: LogIndex): void {
    if (toCommit <= this.committed) return; // Never decrease the commit index.
    assert(toCommit <= this.lastIndex(), () => `commit ${toCommit} is out of range [lastIndex(${this.lastIndex()})]`);
    this.committed = toCommit;
  }

  appliedTo(i: LogIndex): void {
    if (i === 0) return;
    assert(i <= this.committed && i >= this.applied, () => `applied ${i} is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    this.applied = i;
  }

  stableTo(i: LogIndex, t: Term): void {
    this.unstable.stableTo(i, t);
  }

  stableSnapshotTo(i: LogIndex): void {
    this.unstable.stableSnapshotTo(i);
  }

  /** Raft §5.4.2: a leader commits by counting replicas only entries of its own term. */
  maybeCommit(maxIndex: LogIndex, currentTerm: Term): boolean {
    if (maxIndex > this.committed && this.term(maxIndex) === currentTerm) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /** Entries in [lo, hi) with at most `maxBytes` of payload (at least one). */
  slice(lo: LogIndex, hi: LogIndex, maxBytes: number): Entry[] {
    assert(lo <= hi, () => `invalid slice ${lo} > ${hi}`);
    if (lo === hi) return [];
    if (lo < this.firstIndex()) throw new CompactedError(lo);
    assert(hi <= this.lastIndex() + 1, () => `slice [${lo},${hi}) out of bound [${this.firstIndex()},${this.lastIndex()}]`);
    let ents: Entry[] = [];
    const offset = this.unstable.offset;
    if (lo < offset) {
      ents = this.store.entries(lo, logIndex(Math.min(hi, offset)), maxBytes);
      // The store stopped early because of the size limit: that is all we return.
      if (ents.length < Math.min(hi, offset) - lo) return ents;
    }
    if (hi > offset) {
      const unstable = this.unstable.slice(logIndex(Math.max(lo, offset)), hi);
      ents = ents.length > 0 ? ents.concat(unstable) : unstable;
    }
    return limitSize(ents, maxBytes);
  }

  /** Entries from i to the end, bounded by `maxBytes`. */
  entriesFrom(i: LogIndex, maxBytes: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, logIndex(this.lastIndex() + 1), maxBytes);
  }
}
