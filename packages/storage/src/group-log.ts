/**
 * One Raft group's log as the consensus library reads it: synchronous, from
 * memory. The entries after the group's snapshot are cached; every change is
 * made to the cache and staged into the node's write batch at the same time,
 * so the cache always equals what the batch makes durable.
 */
import type { ConfState, Entry, HardState, LogIndex, LogStore, Snapshot, Term } from "@tributary/raft";
import { CompactedError, EMPTY_BYTES, EMPTY_HARD_STATE, limitSize, logIndex, term, UnavailableError, assert } from "@tributary/raft";
import type { GroupId } from "./keys.js";
import { entryKey, groupKey, KeyKind } from "./keys.js";
import { encodeEntry, encodeHardState, encodeSnapshot, entryOverStoredBytes } from "./codec.js";
import type { WriteBatch } from "./write-batch.js";

export const EMPTY_SNAPSHOT: Snapshot = { metadata: { index: logIndex(0), term: term(0), confState: { voters: [] } }, data: EMPTY_BYTES };

export class GroupLog implements LogStore {
  private hardState: HardState;
  private snap: Snapshot;
  /** Entries snap.index + 1 .. lastIndex. */
  private cache: Entry[];
  /** Payload bytes of the cached entries (what bounds the cache's memory besides their count). */
  private bytes = 0;

  constructor(
    readonly group: GroupId,
    hardState: HardState = EMPTY_HARD_STATE,
    snapshot: Snapshot = EMPTY_SNAPSHOT,
    entries: Entry[] = [],
  ) {
    this.hardState = hardState;
    this.snap = snapshot;
    this.cache = entries;
    this.bytes = sizeOf(entries);
    const first = entries[0];
    assert(first === undefined || first.index === snapshot.metadata.index + 1, () => `group ${group}: first cached entry ${first?.index} does not follow snapshot ${snapshot.metadata.index}`);
  }

  // ------------------------------------------------------------ LogStore

  initialState(): { hardState: HardState; confState: ConfState } {
    return { hardState: this.hardState, confState: this.snap.metadata.confState };
  }

  entries(lo: LogIndex, hi: LogIndex, maxBytes: number): Entry[] {
    if (lo <= this.snap.metadata.index) throw new CompactedError(lo);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1);
    const offset = this.snap.metadata.index + 1;
    return limitSize(this.cache.slice(lo - offset, hi - offset), maxBytes);
  }

  term(i: LogIndex): Term {
    const snapIndex = this.snap.metadata.index;
    if (i < snapIndex) throw new CompactedError(i);
    if (i === snapIndex) return this.snap.metadata.term;
    const e = this.cache[i - snapIndex - 1];
    if (e === undefined) throw new UnavailableError(i);
    return e.term;
  }

  firstIndex(): LogIndex {
    return logIndex(this.snap.metadata.index + 1);
  }

  lastIndex(): LogIndex {
    return logIndex(this.snap.metadata.index + this.cache.length);
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  hardStateNow(): HardState {
    return this.hardState;
  }

  cachedEntryCount(): number {
    return this.cache.length;
  }

  /** Payload bytes of the cached entries. */
  cachedBytes(): number {
    return this.bytes;
  }

  /** The highest index whose compaction leaves at most `bytes` of payload cached (the snapshot's index when all of it fits). */
  indexKeepingBytes(bytes: number): LogIndex {
    let kept = 0;
    for (let k = this.cache.length - 1; k >= 0; k--) {
      kept += (this.cache[k] as Entry).data.byteLength;
      if (kept > bytes) return logIndex(this.snap.metadata.index + k + 1);
    }
    return logIndex(this.snap.metadata.index);
  }

  // ------------------------------------------------------------ writes, staged into a batch

  /** Appends entries from a Ready; an overlapping tail is replaced and its stale keys deleted. */
  append(entries: readonly Entry[], batch: WriteBatch): void {
    const first = entries[0];
    if (first === undefined) return;
    const last = entries[entries.length - 1] as Entry;
    const snapIndex = this.snap.metadata.index;
    assert(first.index > snapIndex, () => `group ${this.group}: append at ${first.index} inside the snapshot (${snapIndex})`);
    assert(first.index <= this.lastIndex() + 1, () => `group ${this.group}: append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    const oldLast = this.lastIndex();
    for (let i = last.index + 1; i <= oldLast; i++) batch.del(entryKey(this.group, i));
    for (const e of entries) batch.put(entryKey(this.group, e.index), encodeEntry(e));
    batch.mustSync = true;
    const kept = this.cache.slice(0, first.index - snapIndex - 1);
    this.bytes -= sizeOf(this.cache.slice(first.index - snapIndex - 1));
    this.cache = kept.concat(entries.map(entryOverStoredBytes));
    this.bytes += sizeOf(entries);
  }

  setHardState(hs: HardState, batch: WriteBatch): void {
    this.hardState = hs;
    batch.put(groupKey(KeyKind.HardState, this.group), encodeHardState(hs));
  }

  /**
   * Installs a snapshot received from the leader. Cached entries after it
   * belonged to a log the snapshot supersedes and are deleted. With
   * `keepEntriesBelow`, entries up to the snapshot stay stored (a shard's
   * records, fetched before the snapshot was stepped); otherwise they go too.
   */
  applySnapshot(s: Snapshot, batch: WriteBatch, keepEntriesBelow: boolean): void {
    const oldSnapIndex = this.snap.metadata.index;
    const oldLast = this.lastIndex();
    for (let i = Math.max(s.metadata.index + 1, oldSnapIndex + 1); i <= oldLast; i++) batch.del(entryKey(this.group, i));
    if (!keepEntriesBelow) for (let i = oldSnapIndex + 1; i <= Math.min(s.metadata.index, oldLast); i++) batch.del(entryKey(this.group, i));
    this.snap = s;
    this.cache = [];
    this.bytes = 0;
    batch.put(groupKey(KeyKind.Snapshot, this.group), encodeSnapshot(s));
    batch.mustSync = true;
  }

  /**
   * Records a snapshot of the applied state at `index` and drops the cached
   * entries up to it. With `deleteEntries`, their keys are deleted too (the
   * meta group); a shard keeps them, since they are its records.
   */
  compact(index: LogIndex, confState: ConfState, data: Uint8Array, batch: WriteBatch, deleteEntries: boolean): void {
    const snapIndex = this.snap.metadata.index;
    if (index <= snapIndex) return;
    assert(index <= this.lastIndex(), () => `group ${this.group}: compact ${index} past last ${this.lastIndex()}`);
    const t = this.term(index);
    if (deleteEntries) for (let i = snapIndex + 1; i <= index; i++) batch.del(entryKey(this.group, i));
    this.bytes -= sizeOf(this.cache.slice(0, index - snapIndex));
    this.cache = this.cache.slice(index - snapIndex);
    this.snap = { metadata: { index, term: t, confState }, data };
    batch.put(groupKey(KeyKind.Snapshot, this.group), encodeSnapshot(this.snap));
  }
}

function sizeOf(entries: readonly Entry[]): number {
  let n = 0;
  for (const e of entries) n += e.data.byteLength;
  return n;
}
