/**
 * Loading of the gRPC services (proto/raft.proto, proto/node.proto) and
 * translation between Raft messages and their wire form.
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import type { Entry, Message, Snapshot } from "@tributary/raft";
import { EntryType, logIndex, nodeId, term } from "@tributary/raft";

export const protoDir = fileURLToPath(new URL("../../../proto/", import.meta.url));

const loaderOptions: protoLoader.Options = { keepCase: false, longs: Number, enums: Number, bytes: Buffer, defaults: true, oneofs: true, includeDirs: [protoDir] };

const definition = protoLoader.loadSync(["raft.proto", "node.proto"], loaderOptions);
const loaded = grpc.loadPackageDefinition(definition) as unknown as {
  tributary: {
    raft: { RaftTransport: grpc.ServiceClientConstructor };
    node: { Node: grpc.ServiceClientConstructor };
  };
};

export const RaftTransportService = loaded.tributary.raft.RaftTransport;
export const NodeService = loaded.tributary.node.Node;

const root = protobuf.loadSync(fileURLToPath(new URL("node.proto", `file://${protoDir}`)));
const ShardEntryType = root.lookupType("tributary.node.ShardEntry");

export interface WireRecord {
  data: Uint8Array;
  partitionKey: string;
}

export interface ShardEntry {
  arrivalMs: number;
  records: WireRecord[];
}

export function encodeShardEntry(e: ShardEntry): Uint8Array {
  return ShardEntryType.encode({ arrivalMs: e.arrivalMs, records: e.records }).finish();
}

export function decodeShardEntry(data: Uint8Array): ShardEntry {
  const m = ShardEntryType.toObject(ShardEntryType.decode(data), { longs: Number, defaults: true }) as { arrivalMs: number; records: { data: Uint8Array; partitionKey: string }[] };
  return { arrivalMs: Number(m.arrivalMs), records: m.records.map((r) => ({ data: r.data, partitionKey: r.partitionKey })) };
}

// ---------------------------------------------------------------- Raft messages

interface WireEntry {
  term: number;
  index: number;
  type: number;
  data: Uint8Array;
}

interface WireSnapshot {
  metadata: { index: number; term: number; confState: { voters: string[] } | null } | null;
  data: Uint8Array;
}

export interface WireMessage {
  type: number;
  to: string;
  from: string;
  term: number;
  logTerm: number;
  index: number;
  entries: WireEntry[];
  commit: number;
  snapshot: WireSnapshot | null;
  reject: boolean;
  rejectHint: number;
  context: Uint8Array;
}

export interface WireGroupMessage {
  groupId: number;
  message: WireMessage;
}

export interface WireMessageBatch {
  clusterId: string;
  fromNode: string;
  fromIncarnation: number;
  messages: WireGroupMessage[];
}

const entryToWire = (e: Entry): WireEntry => ({ term: e.term, index: e.index, type: e.type, data: e.data });

export function messageToWire(m: Message): WireMessage {
  return {
    type: m.type,
    to: m.to,
    from: m.from,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: m.entries.map(entryToWire),
    commit: m.commit,
    snapshot: m.snapshot
      ? { metadata: { index: m.snapshot.metadata.index, term: m.snapshot.metadata.term, confState: { voters: [...m.snapshot.metadata.confState.voters] } }, data: m.snapshot.data }
      : null,
    reject: m.reject,
    rejectHint: m.rejectHint,
    context: m.context,
  };
}

function snapshotFromWire(s: WireSnapshot | null): Snapshot | undefined {
  if (!s || !s.metadata || s.metadata.index === 0) return undefined;
  return {
    metadata: { index: logIndex(Number(s.metadata.index)), term: term(Number(s.metadata.term)), confState: { voters: (s.metadata.confState?.voters ?? []).map(nodeId) } },
    data: new Uint8Array(s.data ?? []),
  };
}

export function messageFromWire(w: WireMessage): Message {
  return {
    type: Number(w.type),
    to: nodeId(w.to),
    from: nodeId(w.from),
    term: term(Number(w.term)),
    logTerm: term(Number(w.logTerm)),
    index: logIndex(Number(w.index)),
    entries: (w.entries ?? []).map((e) => ({
      term: term(Number(e.term)),
      index: logIndex(Number(e.index)),
      type: Number(e.type) === 1 ? EntryType.ConfChange : EntryType.Normal,
      data: new Uint8Array(e.data ?? []),
    })),
    commit: logIndex(Number(w.commit)),
    snapshot: snapshotFromWire(w.snapshot),
    reject: Boolean(w.reject),
    rejectHint: logIndex(Number(w.rejectHint)),
    context: new Uint8Array(w.context ?? []),
  };
}

/** Options of every channel to a node, from a peer or a gateway. */
export const grpcChannelOptions: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": 64 * 1024 * 1024,
  "grpc.max_send_message_length": 64 * 1024 * 1024,
  "grpc.keepalive_time_ms": 10_000,
  "grpc.keepalive_timeout_ms": 5_000,
  "grpc.keepalive_permit_without_calls": 1,
  // A node that comes back, possibly at a new address (a container joined to
  // its network again), is reached within seconds, not grpc's default 30 s
  // between name resolutions and up to 120 s of reconnect backoff.
  "grpc.dns_min_time_between_resolutions_ms": 1_000,
  "grpc.initial_reconnect_backoff_ms": 200,
  "grpc.max_reconnect_backoff_ms": 2_000,
};
