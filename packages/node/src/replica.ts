/**
 * One Raft group hosted on this node: its RawNode, its log, and what the
 * node is waiting for from it (appends and catalog commands to commit).
 */
import type { NodeId, RawNode } from "@tributary/raft";
import type { GroupLog } from "@tributary/storage";
import type { CommandResult } from "./catalog.js";
import type { WireRecord } from "./proto.js";

export interface ShardInfo {
  readonly streamName: string;
  readonly shardId: string;
  readonly shardIndex: number;
  readonly createdS: number;
}

export type AppendOutcome =
  | { kind: "ok"; sequenceNumbers: string[]; index: number; arrivalMs: number }
  | { kind: "not-leader"; leader: NodeId | "" }
  | { kind: "failure"; code: string; message: string };

/** An append waiting to be put into an entry. */
export interface QueuedAppend {
  readonly records: WireRecord[];
  readonly bytes: number;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly deadline: number;
}

/** An entry proposed by this node as leader, waiting to be applied. */
export interface InflightEntry {
  readonly term: number;
  readonly arrivalMs: number;
  /** Each append's first offset in the entry, in the same order as `appends`. */
  readonly appends: { append: QueuedAppend; firstOffset: number }[];
}

export interface PendingCommand {
  readonly term: number;
  readonly resolve: (result: CommandResult | { notLeader: true }) => void;
  readonly deadline: number;
}

export class Replica {
  /** Appends not yet proposed (shard groups). */
  queued: QueuedAppend[] = [];
  /** Proposed entries by log index (shard groups). */
  readonly inflight = new Map<number, InflightEntry>();
  /** Proposed catalog commands by log index (meta group). */
  readonly commands = new Map<number, PendingCommand>();
  /** The arrival time of the newest entry: a leader's next one is never earlier. */
  lastArrivalMs = 0;
  /** The leader as this replica last saw it. */
  lead: NodeId | "" = "";
  /** A shard snapshot's records are being fetched from a peer; messages to this group wait. */
  fetching = false;
  /** First log index within the stream's retention period (entries below it are due for deletion). */
  retentionCutoff = 0;

  constructor(
    readonly group: number,
    readonly kind: "meta" | "shard",
    readonly raw: RawNode,
    readonly log: GroupLog,
    public shard: ShardInfo | undefined,
  ) {}

  isLeader(): boolean {
    return this.raw.isLeader();
  }
}

/**
 * The arrival time of a shard entry without decoding its records: the
 * protobuf encoding of ShardEntry starts with field 1 (arrival_ms, varint).
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
