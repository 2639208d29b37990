/**
 * The data of a shard log entry (proto/storage.proto ShardEntry): the records
 * of one or more appends and the leader's arrival time. A shard's Raft log
 * is its stream; records are stored once, in these entries — in the clear,
 * or sealed with the stream's data key (record-cipher.ts), with their count
 * and size beside them so that applying an entry needs no key.
 */
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = protobuf.loadSync(fileURLToPath(new URL("../../../proto/storage.proto", import.meta.url)));
const ShardEntryType = root.lookupType("tributary.storage.ShardEntry");
const ShardSnapshotType = root.lookupType("tributary.storage.ShardSnapshot");
const ShardRecordsType = root.lookupType("tributary.storage.ShardRecords");

export interface ShardRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
}

/** An entry's records sealed with a data key (proto/storage.proto EncryptedRecords). */
export interface EncryptedRecords {
  readonly dataKey: number;
  readonly salt: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface ShardEntry {
  readonly arrivalMs: number;
  /** The records in the clear (none when they are encrypted). */
  readonly records: readonly ShardRecord[];
  /** The seal: nothing after it counts. */
  readonly seal?: boolean;
  /** The records, encrypted: `encodeRecords` of them sealed with a data key. */
  readonly encrypted?: EncryptedRecords;
  /** How many records the entry holds, and their bytes (data and partition keys), in the clear or not. */
  readonly recordCount: number;
  readonly recordBytes: number;
}

/** Data and partition-key bytes of records, as appends and on-demand scaling count them. */
export function recordBytes(records: readonly ShardRecord[]): number {
  let bytes = 0;
  for (const r of records) bytes += r.data.byteLength + r.partitionKey.length;
  return bytes;
}

/** An entry holding `records` in the clear. */
export function plainEntry(arrivalMs: number, records: readonly ShardRecord[]): ShardEntry {
  return { arrivalMs, records, recordCount: records.length, recordBytes: recordBytes(records) };
}

export function encodeShardEntry(e: ShardEntry): Uint8Array {
  return ShardEntryType.encode({
    arrivalMs: e.arrivalMs,
    records: e.encrypted ? [] : e.records,
    seal: e.seal ?? false,
    encrypted: e.encrypted,
    recordCount: e.encrypted ? e.recordCount : 0,
    recordBytes: e.encrypted ? e.recordBytes : 0,
  }).finish();
}

export function decodeShardEntry(data: Uint8Array): ShardEntry {
  const m = ShardEntryType.toObject(ShardEntryType.decode(data), { longs: Number, defaults: true }) as {
    arrivalMs: number;
    records: { data: Uint8Array; partitionKey: string }[];
    seal: boolean;
    encrypted?: { dataKey: number; salt: Uint8Array; ciphertext: Uint8Array };
    recordCount: number;
    recordBytes: number;
  };
  const arrivalMs = Number(m.arrivalMs);
  if (m.encrypted) return { arrivalMs, records: [], seal: m.seal, encrypted: m.encrypted, recordCount: m.recordCount, recordBytes: Number(m.recordBytes) };
  const records = m.records.map((r) => ({ data: r.data, partitionKey: r.partitionKey }));
  return { arrivalMs, records, seal: m.seal, recordCount: records.length, recordBytes: recordBytes(records) };
}

/** Records as the plaintext of an encrypted entry (proto/storage.proto ShardRecords). */
export function encodeRecords(records: readonly ShardRecord[]): Uint8Array {
  return ShardRecordsType.encode({ records }).finish();
}

export function decodeRecords(data: Uint8Array): ShardRecord[] {
  const m = ShardRecordsType.toObject(ShardRecordsType.decode(data), { defaults: true }) as { records: { data: Uint8Array; partitionKey: string }[] };
  return m.records.map((r) => ({ data: r.data, partitionKey: r.partitionKey }));
}

/** What a shard group's snapshot carries (its records stay in the log keys). */
export interface ShardSnapshot {
  readonly sealIndex: number;
  readonly sealedMs: number;
}

export function encodeShardSnapshot(groupId: number, s: ShardSnapshot): Uint8Array {
  return ShardSnapshotType.encode({ groupId, sealIndex: s.sealIndex, sealedMs: s.sealedMs }).finish();
}

/** An empty snapshot, and the JSON one of earlier versions, stand for a shard never sealed. */
export function decodeShardSnapshot(data: Uint8Array): ShardSnapshot {
  if (data.byteLength === 0 || data[0] === 0x7b) return { sealIndex: 0, sealedMs: 0 };
  const m = ShardSnapshotType.toObject(ShardSnapshotType.decode(data), { longs: Number, defaults: true }) as { sealIndex: number; sealedMs: number };
  return { sealIndex: Number(m.sealIndex), sealedMs: Number(m.sealedMs) };
}

/**
 * The arrival time of a shard entry without decoding its records: the
 * encoding starts with field 1 (arrival_ms, varint). Undefined for an entry
 * that is not a shard entry (a leader's empty entry, for one).
 */
export function peekArrivalMs(data: Uint8Array): number | undefined {
  if (data.byteLength < 2 || data[0] !== 0x08) return undefined;
  let value = 0;
  let scale = 1;
  for (let i = 1; i < Math.min(data.byteLength, 11); i++) {
    const b = data[i] as number;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return value;
    scale *= 128;
  }
  return undefined;
}
