/**
 * A node's durable store: one key-value database holding the logs, hard
 * states and snapshots of all its Raft groups, plus the node's identity.
 * All writes of a loop iteration go in one batch (group commit), so fsyncs
 * per second do not grow with the number of groups.
 */
import type { Entry, HardState } from "@tributary/raft";
import { EMPTY_HARD_STATE } from "@tributary/raft";
import type { NodeIdentity } from "./codec.js";
import { decodeEntry, decodeHardState, encodeEntry, decodeIdentity, decodePeersHeardFrom, decodeSnapshot, encodeIdentity, encodePeersHeardFrom } from "./codec.js";
import { EMPTY_SNAPSHOT, GroupLog } from "./group-log.js";
import type { KeyValueStore } from "./key-value.js";
import { LevelKeyValueStore, MemoryKeyValueStore } from "./key-value.js";
import type { GroupId } from "./keys.js";
import { entryKey, groupKey, IDENTITY_KEY, KeyKind, parseEntryKey, parseGroupKey, PEERS_HEARD_FROM_KEY } from "./keys.js";
import { WriteBatch } from "./write-batch.js";

export interface StoreStats {
  /** Batches written with sync: the node's fsyncs. */
  syncWrites: number;
  /** Batches written without sync (nothing in them needed durability before acknowledging). */
  plainWrites: number;
  bytesWritten: number;
}

export interface WriteOptions {
  /** Off only in benchmarks that measure what fsync costs. Never the default. */
  readonly fsync: boolean;
}

export class DurableStore {
  readonly stats: StoreStats = { syncWrites: 0, plainWrites: 0, bytesWritten: 0 };

  constructor(
    readonly kv: KeyValueStore,
    private readonly options: WriteOptions = { fsync: true },
  ) {}

  static async openLevel(path: string, options?: WriteOptions): Promise<DurableStore> {
    return new DurableStore(await LevelKeyValueStore.open(path), options);
  }

  static memory(): DurableStore {
    return new DurableStore(new MemoryKeyValueStore());
  }

  async close(): Promise<void> {
    await this.kv.close();
  }

  // ------------------------------------------------------------ identity

  async readIdentity(): Promise<NodeIdentity | undefined> {
    const v = await this.kv.get(IDENTITY_KEY);
    return v ? decodeIdentity(v) : undefined;
  }

  putIdentity(identity: NodeIdentity, batch: WriteBatch): void {
    batch.put(IDENTITY_KEY, encodeIdentity(identity));
    batch.mustSync = true;
  }

  async readPeersHeardFrom(): Promise<Map<string, number>> {
    const v = await this.kv.get(PEERS_HEARD_FROM_KEY);
    return v ? decodePeersHeardFrom(v) : new Map();
  }

  putPeersHeardFrom(peers: ReadonlyMap<string, number>, batch: WriteBatch): void {
    batch.put(PEERS_HEARD_FROM_KEY, encodePeersHeardFrom(peers));
    batch.mustSync = true;
  }

  // ------------------------------------------------------------ groups

  /** Groups with any stored state (a hard state or a snapshot). */
  async listGroups(): Promise<GroupId[]> {
    const groups = new Set<GroupId>();
    for (const kind of [KeyKind.HardState, KeyKind.Snapshot] as const) {
      for await (const [k] of this.kv.range({ gte: Uint8Array.of(kind), lt: Uint8Array.of(kind + 1) })) groups.add(parseGroupKey(k));
    }
    return [...groups].sort((a, b) => a - b);
  }

  /** Loads a group's hard state, snapshot and the entries after the snapshot (verified). */
  async loadGroup(group: GroupId): Promise<GroupLog> {
    const hsBytes = await this.kv.get(groupKey(KeyKind.HardState, group));
    const snapBytes = await this.kv.get(groupKey(KeyKind.Snapshot, group));
    const hardState: HardState = hsBytes ? decodeHardState(hsBytes) : EMPTY_HARD_STATE;
    const snapshot = snapBytes ? decodeSnapshot(snapBytes) : EMPTY_SNAPSHOT;
    const entries: Entry[] = [];
    let expected = snapshot.metadata.index + 1;
    for await (const [k, v] of this.kv.range({ gte: entryKey(group, expected), lt: entryKey(group + 1, 0) })) {
      const { index } = parseEntryKey(k);
      // Entries past a gap are a torn suffix that can never be used; stop there.
      if (index !== expected) break;
      entries.push(decodeEntry(group, index, v));
      expected++;
    }
    return new GroupLog(group, hardState, snapshot, entries);
  }

  /**
   * Reads stored entries [from, toExclusive) of a group, verifying each
   * checksum, stopping after `maxBytes` of payload (at least one entry).
   */
  async readEntries(group: GroupId, from: number, toExclusive: number, maxBytes: number, maxCount = Number.MAX_SAFE_INTEGER): Promise<Entry[]> {
    const out: Entry[] = [];
    if (from >= toExclusive) return out;
    let bytes = 0;
    for await (const [k, v] of this.kv.range({ gte: entryKey(group, from), lt: entryKey(group, toExclusive), limit: Math.min(maxCount, toExclusive - from) })) {
      const { index } = parseEntryKey(k);
      const e = decodeEntry(group, index, v);
      if (out.length > 0 && bytes + e.data.byteLength > maxBytes) break;
      out.push(e);
      bytes += e.data.byteLength;
    }
    return out;
  }

  /** The first stored entry index of a group at or after `from`, or undefined. */
  async firstStoredIndex(group: GroupId, from = 0): Promise<number | undefined> {
    for await (const [k] of this.kv.range({ gte: entryKey(group, from), lt: entryKey(group + 1, 0), limit: 1 })) return parseEntryKey(k).index;
    return undefined;
  }

  /** Writes entries fetched from a peer (committed, so they need no Raft bookkeeping), as the bytes they arrived in. */
  putFetchedEntries(group: GroupId, entries: readonly Entry[], batch: WriteBatch): void {
    for (const e of entries) batch.put(entryKey(group, e.index), encodeEntry(e));
    batch.mustSync = true;
  }

  /** Deletes every stored key of a group (the group was dropped). */
  async deleteGroup(group: GroupId): Promise<void> {
    await this.kv.clear(entryKey(group, 0), entryKey(group + 1, 0));
    await this.kv.write(
      [
        { type: "del", key: groupKey(KeyKind.HardState, group) },
        { type: "del", key: groupKey(KeyKind.Snapshot, group) },
      ],
      this.options.fsync,
    );
  }

  /** Deletes stored entries of a group below `index` (retention). */
  async deleteEntriesBefore(group: GroupId, index: number): Promise<void> {
    await this.kv.clear(entryKey(group, 0), entryKey(group, index));
  }

  // ------------------------------------------------------------ writes

  newBatch(): WriteBatch {
    return new WriteBatch();
  }

  /** Writes a batch atomically; synced when it must be (and fsync is not switched off). */
  async write(batch: WriteBatch): Promise<void> {
    if (batch.size === 0) return;
    const sync = batch.mustSync && this.options.fsync;
    await this.kv.write(batch.ops, sync);
    if (sync) this.stats.syncWrites++;
    else this.stats.plainWrites++;
    for (const op of batch.ops) this.stats.bytesWritten += op.key.byteLength + (op.type === "put" ? op.value.byteLength : 0);
  }
}
