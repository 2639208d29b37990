/**
 * The read side of stable storage as the Raft library sees it, and an
 * in-memory implementation. The library only reads through `LogStore`; the
 * application writes (after each Ready) through the store's own methods.
 */
import {
  assert,
  CompactedError,
  SnapshotOutOfDateError,
  UnavailableError,
} from "./errors.js";
import { bootstrapEntries } from "./bootstrap.js";
import type { ConfState, Entry, HardState, LogIndex, Snapshot, Term } from "./types.js";
import { EMPTY_BYTES, EMPTY_HARD_STATE, entrySize, EntryType, logIndex, term } from "./types.js";

export interface InitialState {
  readonly hardState: HardState;
  readonly confState: ConfState;
}

export interface LogStore {
  /** The hard state and voter set saved by the application. */
  initialState(): InitialState;
  /**
   * Entries in [lo, hi), stopping before `maxBytes` of payload is exceeded but
   * always returning at least one entry when lo < hi.
   * Throws CompactedError if lo was compacted, UnavailableError if hi - 1 > lastIndex.
   */
  entries(lo: LogIndex, hi: LogIndex, maxBytes: number): Entry[];
  /**
   * The term of entry i, for firstIndex - 1 <= i <= lastIndex (the term at
   * firstIndex - 1 is the snapshot's). Throws CompactedError / UnavailableError otherwise.
   */
  term(i: LogIndex): Term;
  /** Index of the first entry still available (the snapshot index + 1). */
  firstIndex(): LogIndex;
  /** Index of the last entry in the store. */
  lastIndex(): LogIndex;
  /** The most recent snapshot. May throw SnapshotTemporarilyUnavailableError. */
  snapshot(): Snapshot;
}

/** Takes entries from the front of `entries` while their payload fits `maxBytes` (at least one). */
export function limitSize(entries: Entry[], maxBytes: number): Entry[] {
  if (entries.length === 0) return entries;
  let size = entrySize(entries[0] as Entry);
  let n = 1;
  for (; n < entries.length; n++) {
    size += entrySize(entries[n] as Entry);
    if (size > maxBytes) break;
  }
  return n === entries.length ? entries : entries.slice(0, n);
}

const emptySnapshot = (): Snapshot => ({
  metadata: { index: logIndex(0), term: term(0), confState: { voters: [] } },
  data: EMPTY_BYTES,
});

/**
 * A LogStore held in memory: the reference implementation of the store
 * contract, used by the tests and the simulator, whose "disk" it is.
 */
export class MemoryLogStore implements LogStore {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot = emptySnapshot();
  /** entries[0] is a placeholder standing for the snapshot (its index and term). */
  private ents: Entry[] = [{ term: term(0), index: logIndex(0), type: EntryType.Normal, data: EMPTY_BYTES }];

  /** A store for a brand-new group whose voters are `voters`. */
  static bootstrap(voters: ConfState["voters"]): MemoryLogStore {
    const store = new MemoryLogStore();
    const { entries, hardState } = bootstrapEntries(voters);
    store.append(entries);
    store.setHardState(hardState);
    store.snap = { ...store.snap, metadata: { ...store.snap.metadata, confState: { voters: [...voters] } } };
    return store;
  }

  /**
   * A store holding no entries whose configuration is recorded in its (empty)
   * snapshot's metadata: the starting point for tests that build logs by hand.
   */
  static withVoters(voters: ConfState["voters"]): MemoryLogStore {
    const store = new MemoryLogStore();
    store.snap = { ...store.snap, metadata: { ...store.snap.metadata, confState: { voters: [...voters] } } };
    return store;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snap.metadata.confState };
  }

  /** A copy of this store as it stands: what a disk holds at the moment of an fsync. */
  clone(): MemoryLogStore {
    const copy = new MemoryLogStore();
    copy.hardState = this.hardState;
    copy.snap = this.snap;
    copy.ents = [...this.ents];
    return copy;
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  private offset(): number {
    return (this.ents[0] as Entry).index;
  }

  entries(lo: LogIndex, hi: LogIndex, maxBytes: number): Entry[] {
    const offset = this.offset();
    if (lo <= offset) throw new CompactedError(lo);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1);
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxBytes);
  }

  term(i: LogIndex): Term {
    const offset = this.offset();
    if (i < offset) throw new CompactedError(i);
    const e = this.ents[i - offset];
    if (e === undefined) throw new UnavailableError(i);
    return e.term;
  }

  firstIndex(): LogIndex {
    return logIndex(this.offset() + 1);
  }

  lastIndex(): LogIndex {
    return logIndex(this.offset() + this.ents.length - 1);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the store's contents with a received snapshot. */
  applySnapshot(snap: Snapshot): void {
    const current = this.snap.metadata.index;
    if (snap.metadata.index <= current) throw new SnapshotOutOfDateError(snap.metadata.index, current);
    this.snap = snap;
    this.ents = [{ term: snap.metadata.term, index: snap.metadata.index, type: EntryType.Normal, data: EMPTY_BYTES }];
  }

  /**
   * Records a snapshot of the state machine as of applied index `i`, taken by
   * the application. Entries up to `i` may then be compacted.
   */
  createSnapshot(i: LogIndex, confState: ConfState, data: Uint8Array): Snapshot {
    if (i <= this.snap.metadata.index) throw new SnapshotOutOfDateError(i, this.snap.metadata.index);
    assert(i <= this.lastIndex(), () => `snapshot index ${i} is past the last index ${this.lastIndex()}`);
    this.snap = { metadata: { index: i, term: this.term(i), confState }, data };
    return this.snap;
  }

  /** Discards entries before `compactIndex`; the entry at `compactIndex` becomes the placeholder. */
  compact(compactIndex: LogIndex): void {
    const offset = this.offset();
    if (compactIndex <= offset) throw new CompactedError(compactIndex);
    assert(compactIndex <= this.lastIndex(), () => `compact ${compactIndex} is past the last index ${this.lastIndex()}`);
    const i = compactIndex - offset;
    const kept = this.ents.slice(i);
    const first = kept[0] as Entry;
    kept[0] = { term: first.term, index: first.index, type: EntryType.Normal, data: EMPTY_BYTES };
    this.ents = kept;
  }

  /**
   * Appends entries handed over in a Ready. Entries that overlap the store's
   * tail replace it (a new leader overwrote an uncommitted suffix); entries
   * already compacted away are ignored.
   */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = (entries[entries.length - 1] as Entry).index;
    if (last < first) return;
    let ents = entries;
    if (first > (ents[0] as Entry).index) ents = ents.slice(first - (ents[0] as Entry).index);
    const offset = (ents[0] as Entry).index - this.offset();
    assert(offset <= this.ents.length, () => `missing log entry [last: ${this.lastIndex()}, append at: ${(ents[0] as Entry).index}]`);
    this.ents = this.ents.slice(0, offset).concat(ents);
  }
}
