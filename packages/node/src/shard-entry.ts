/**
 * The data of a shard log entry (proto/storage.proto ShardEntry): the records
 * of one or more appends and the leader's arrival time. A shard's Raft log
 * is its stream; records are stored once, in these entries.
 */
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = protobuf.loadSync(fileURLToPath(new URL("../../../proto/storage.proto", import.meta.url)));
const ShardEntryType = root.lookupType("tributary.storage.ShardEntry");
const ShardSnapshotType = root.lookupType("tributary.storage.ShardSnapshot");

export interface ShardRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
}

export interface ShardEntry {
  readonly arrivalMs: number;
  readonly records: readonly ShardRecord[];
  /** The seal: nothing after it counts. */
  readonly seal?: boolean;
}

export function encodeShardEntry(e: ShardEntry): Uint8Array {
  return ShardEntryType.encode({ arrivalMs: e.arrivalMs, records: e.records, seal: e.seal ?? false }).finish();
}

export function decodeShardEntry(data: Uint8Array): ShardEntry {
  const m = ShardEntryType.toObject(ShardEntryType.decode(data), { longs: Number, defaults: true }) as { arrivalMs: number; records: { data: Uint8Array; partitionKey: string }[]; seal: boolean };
  return { arrivalMs: Number(m.arrivalMs), records: m.records.map((r) => ({ data: r.data, partitionKey: r.partitionKey })), seal: m.seal };
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
