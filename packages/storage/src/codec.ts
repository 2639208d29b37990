/**
 * Encoding of stored values with protobuf (proto/storage.proto), and the
 * checksum of every log entry.
 */
import { crc32 } from "node:zlib";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import type { Entry, HardState, Snapshot } from "@tributary/raft";
import { EntryType, logIndex, nodeId, term } from "@tributary/raft";
import { CorruptEntryError } from "./errors.js";

const protoPath = fileURLToPath(new URL("../../../proto/storage.proto", import.meta.url));
const root = protobuf.loadSync(protoPath);
const StoredEntry = root.lookupType("tributary.storage.StoredEntry");
const StoredHardState = root.lookupType("tributary.storage.StoredHardState");
const StoredSnapshot = root.lookupType("tributary.storage.StoredSnapshot");
const NodeIdentityType = root.lookupType("tributary.storage.NodeIdentity");
const PeersHeardFromType = root.lookupType("tributary.storage.PeersHeardFrom");

const toNumber = (v: unknown): number => (typeof v === "number" ? v : v === undefined || v === null ? 0 : Number(v));

export function entryChecksum(t: number, index: number, type: number, data: Uint8Array): number {
  const header = new Uint8Array(17);
  const view = new DataView(header.buffer);
  view.setBigUint64(0, BigInt(t));
  view.setBigUint64(8, BigInt(index));
  header[16] = type;
  return crc32(data, crc32(header));
}

/**
 * The stored bytes (StoredEntry, checksum included) of every entry this
 * process encoded or decoded. An entry is encoded once, by the leader that
 * proposed it: the same bytes are stored, sent to each follower, checked
 * there and stored as they are, and sent again from the log when a follower
 * catches up. Entries are immutable, so their bytes never go stale; they go
 * when the entry does.
 */
const storedBytes = new WeakMap<Entry, Uint8Array>();

/** The stored bytes of `e`: made once per entry, then the same bytes every time. */
export function encodeEntry(e: Entry): Uint8Array {
  let bytes = storedBytes.get(e);
  if (bytes === undefined) {
    bytes = StoredEntry.encode({ term: e.term, index: e.index, type: e.type, data: e.data, checksum: entryChecksum(e.term, e.index, e.type, e.data) }).finish();
    storedBytes.set(e, bytes);
  }
  return bytes;
}

function isViewInto(inner: Uint8Array, outer: Uint8Array): boolean {
  return inner.buffer === outer.buffer && inner.byteOffset >= outer.byteOffset && inner.byteOffset + inner.byteLength <= outer.byteOffset + outer.byteLength;
}

/**
 * `e` as its stored bytes hold it: an equal entry whose data is a view into
 * those bytes, so that keeping it in memory keeps one copy of the payload,
 * not the proposal's data beside its encoding.
 */
export function entryOverStoredBytes(e: Entry): Entry {
  const bytes = encodeEntry(e);
  if (e.data.byteLength === 0 || isViewInto(e.data, bytes)) return e;
  const data = (StoredEntry.decode(bytes) as unknown as { data: Uint8Array }).data;
  const view: Entry = { term: e.term, index: e.index, type: e.type, data };
  storedBytes.set(view, bytes);
  return view;
}

/** Decodes and verifies a stored entry (its data a view into `bytes`, which become its stored bytes); a mismatch is a CorruptEntryError, never data. */
export function decodeEntry(group: number, expectedIndex: number | undefined, bytes: Uint8Array): Entry {
  let m: Record<string, unknown>;
  try {
    m = StoredEntry.toObject(StoredEntry.decode(bytes), { longs: Number, bytes: Uint8Array as never }) as Record<string, unknown>;
  } catch {
    throw new CorruptEntryError(group, expectedIndex ?? -1);
  }
  const t = toNumber(m.term);
  const index = toNumber(m.index);
  const type = toNumber(m.type);
  const data = (m.data as Uint8Array | undefined) ?? new Uint8Array(0);
  // The checksum covers the index, so an entry whose index is not known in advance is still verified.
  if ((expectedIndex !== undefined && index !== expectedIndex) || entryChecksum(t, index, type, data) !== toNumber(m.checksum)) {
    throw new CorruptEntryError(group, expectedIndex ?? index);
  }
  const e: Entry = { term: term(t), index: logIndex(index), type: type === 1 ? EntryType.ConfChange : EntryType.Normal, data };
  storedBytes.set(e, bytes);
  return e;
}

export function encodeHardState(hs: HardState): Uint8Array {
  return StoredHardState.encode({ term: hs.term, vote: hs.vote, commit: hs.commit }).finish();
}

export function decodeHardState(bytes: Uint8Array): HardState {
  const m = StoredHardState.toObject(StoredHardState.decode(bytes), { longs: Number, defaults: true }) as Record<string, unknown>;
  return { term: term(toNumber(m.term)), vote: nodeId(String(m.vote ?? "")), commit: logIndex(toNumber(m.commit)) };
}

export function encodeSnapshot(s: Snapshot): Uint8Array {
  return StoredSnapshot.encode({ index: s.metadata.index, term: s.metadata.term, voters: [...s.metadata.confState.voters], data: s.data }).finish();
}

export function decodeSnapshot(bytes: Uint8Array): Snapshot {
  const m = StoredSnapshot.toObject(StoredSnapshot.decode(bytes), { longs: Number, defaults: true, bytes: Uint8Array as never }) as Record<string, unknown>;
  return {
    metadata: { index: logIndex(toNumber(m.index)), term: term(toNumber(m.term)), confState: { voters: ((m.voters as string[]) ?? []).map(nodeId) } },
    data: (m.data as Uint8Array | undefined) ?? new Uint8Array(0),
  };
}

export interface NodeIdentity {
  readonly clusterId: string;
  readonly nodeName: string;
  readonly incarnation: number;
  readonly createdMs: number;
}

export function encodeIdentity(id: NodeIdentity): Uint8Array {
  return NodeIdentityType.encode({ clusterId: id.clusterId, nodeName: id.nodeName, incarnation: id.incarnation, createdMs: id.createdMs }).finish();
}

export function decodeIdentity(bytes: Uint8Array): NodeIdentity {
  const m = NodeIdentityType.toObject(NodeIdentityType.decode(bytes), { longs: Number, defaults: true }) as Record<string, unknown>;
  return { clusterId: String(m.clusterId), nodeName: String(m.nodeName), incarnation: toNumber(m.incarnation), createdMs: toNumber(m.createdMs) };
}

export function encodePeersHeardFrom(peers: ReadonlyMap<string, number>): Uint8Array {
  return PeersHeardFromType.encode({ incarnations: Object.fromEntries(peers) }).finish();
}

export function decodePeersHeardFrom(bytes: Uint8Array): Map<string, number> {
  const m = PeersHeardFromType.toObject(PeersHeardFromType.decode(bytes), { defaults: true }) as { incarnations: Record<string, number> };
  return new Map(Object.entries(m.incarnations ?? {}).map(([k, v]) => [k, toNumber(v)]));
}
