/**
 * Storage keys. Every key is fixed-width big-endian, so LevelDB's byte order
 * sorts them by kind, then group, then index.
 *
 *   identity           0x00 'i'
 *   peers heard from   0x00 'p'
 *   log entry          0x01 group(u64) index(u64)
 *   hard state         0x02 group(u64)
 *   snapshot           0x03 group(u64)
 */

/** A Raft group's id: 0 is the meta (catalog) group, shards get the ids the catalog allocates. */
export type GroupId = number;

export const IDENTITY_KEY = Uint8Array.of(0x00, 0x69);
export const PEERS_HEARD_FROM_KEY = Uint8Array.of(0x00, 0x70);

export enum KeyKind {
  Entry = 0x01,
  HardState = 0x02,
  Snapshot = 0x03,
}

function putU64(view: DataView, offset: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`key component ${n} is not a safe non-negative integer`);
  view.setBigUint64(offset, BigInt(n));
}

export function entryKey(group: GroupId, index: number): Uint8Array {
  const key = new Uint8Array(17);
  const view = new DataView(key.buffer);
  key[0] = KeyKind.Entry;
  putU64(view, 1, group);
  putU64(view, 9, index);
  return key;
}

export function groupKey(kind: KeyKind.HardState | KeyKind.Snapshot, group: GroupId): Uint8Array {
  const key = new Uint8Array(9);
  key[0] = kind;
  putU64(new DataView(key.buffer), 1, group);
  return key;
}

/** The group and index of an entry key. */
export function parseEntryKey(key: Uint8Array): { group: GroupId; index: number } {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  if (key.byteLength !== 17 || key[0] !== KeyKind.Entry) throw new RangeError("not an entry key");
  return { group: Number(view.getBigUint64(1)), index: Number(view.getBigUint64(9)) };
}

export function parseGroupKey(key: Uint8Array): GroupId {
  return Number(new DataView(key.buffer, key.byteOffset, key.byteLength).getBigUint64(1));
}
