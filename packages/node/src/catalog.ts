/**
 * The catalog: the state of the meta group's state machine — streams,
 * shards, members, the iterator secret — and its wire form. Commands that
 * change it are in catalog-commands.ts and reshard-commands.ts. Lookups by
 * name use Maps, never plain objects, since names come from clients.
 */
import type { DataKeyRecord } from "./record-cipher.js";
import type { Catalog as WireCatalog, Catalog__Output, Failure, FailureCode__Output, Stream as WireStream } from "@tributary/protocol";

export type StreamStatus = "CREATING" | "ACTIVE" | "DELETING" | "UPDATING";
export type StreamMode = "PROVISIONED" | "ON_DEMAND";
export type ShardState = "OPEN" | "PENDING" | "SEALING" | "CLOSED";

export interface ShardRecord {
  readonly shardId: string;
  readonly shardIndex: number;
  readonly groupId: number;
  /** The group's replica ids when it was created (its bootstrap voters). */
  readonly voters: readonly string[];
  readonly parentShardId: string;
  readonly adjacentParentShardId: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly createdMs: number;
  state: ShardState;
  /** CLOSED: the seal entry's log index, the EndingSequenceNumber it stands for, and when it was sealed. */
  sealIndex: number;
  endingSequenceNumber: string;
  sealedMs: number;
}

export type ConsumerStatus = "CONSUMER_CREATING" | "CONSUMER_ACTIVE" | "CONSUMER_DELETING";

/** An enhanced fan-out consumer of a stream. */
export interface ConsumerRecord {
  readonly name: string;
  readonly arn: string;
  status: ConsumerStatus;
  readonly createdMs: number;
  /** PutResourcePolicy's document ("": none). */
  resourcePolicy: string;
}

/** A split or merge under way: its parents are SEALING, its children PENDING. */
export interface Reshard {
  readonly parents: readonly string[];
  readonly children: readonly string[];
}

export interface StreamRecord {
  readonly name: string;
  readonly arn: string;
  status: StreamStatus;
  readonly createdMs: number;
  retentionHours: number;
  mode: StreamMode;
  readonly tags: Map<string, string>;
  maxRecordSizeKiB: number;
  shards: ShardRecord[];
  nextShardIndex: number;
  reshards: Reshard[];
  /** UpdateShardCount: the open shard count the stream is being brought to (0: none). */
  targetShardCount: number;
  /** When UpdateShardCount and UpdateStreamMode were accepted, within the last 24 hours. */
  scalingsMs: number[];
  modeChangesMs: number[];
  consumers: ConsumerRecord[];
  /** Enhanced monitoring: the shard-level metrics enabled, in the API's order. */
  shardLevelMetrics: string[];
  /** UpdateStreamWarmThroughput's target in MiB/s (0: none). */
  warmThroughputMiBps: number;
  /** PutResourcePolicy's document ("": none). */
  resourcePolicy: string;
  /** Encryption at rest: the KeyId as the client gave it ("": none), the data key new records are sealed with (0: none), every data key the records may need. */
  keyId: string;
  dataKey: number;
  dataKeys: DataKeyRecord[];
  /** When StartStreamEncryption and StopStreamEncryption were accepted, within the last 24 hours. */
  encryptionStartsMs: number[];
  encryptionStopsMs: number[];
}

/** What applying a command gave: success (with the member's incarnation for SetMemberIncarnation), or a failure code. */
export type CommandResult = { readonly ok: true; readonly memberIncarnation?: number } | { readonly ok: false; readonly failure: Failure };


/** Kinesis' retention bounds, in hours. */
export const retentionHoursMin = 24;
export const retentionHoursMax = 8760;
/** Kinesis' bound on tags per stream. */
export const tagsPerStreamMax = 50;
/** Shards one CreateStream may ask for; far above any account's shard limit, it only keeps a command's work bounded. */
export const shardsPerStreamMax = 100_000;

export interface BillingCommitmentRecord {
  enabled: boolean;
  startedMs: number;
  earliestEndMs: number;
  endedMs: number;
  disableRequested: boolean;
}

export class Catalog {
  clusterId = "";
  region = "";
  accountId = "";
  /** Node name -> its current incarnation; replicas are "<name>.<incarnation>". */
  readonly members = new Map<string, number>();
  nextGroupId = 1;
  readonly streams = new Map<string, StreamRecord>();
  /** Signs shard iterators and NextTokens, so every gateway accepts what another issued and nobody can forge one. */
  iteratorSecret = "";
  /** The secret before the last rotation, and when it was rotated: what it signed before then stays valid until it expires. */
  previousIteratorSecret = "";
  iteratorSecretRotatedMs = 0;
  /** UpdateAccountSettings' minimum throughput billing commitment. */
  billingCommitment: BillingCommitmentRecord = { enabled: false, startedMs: 0, earliestEndMs: 0, endedMs: 0, disableRequested: false };

  /** Replica ids of the current members, sorted by node name. */
  memberReplicas(): string[] {
    return [...this.members.keys()].sort().map((name) => `${name}.${this.members.get(name)}`);
  }

  /** Every shard of every stream, with its stream. */
  *shards(): Iterable<{ stream: StreamRecord; shard: ShardRecord }> {
    for (const stream of this.streams.values()) for (const shard of stream.shards) yield { stream, shard };
  }

  /** The wire form (members and streams sorted, so equal catalogs encode equally). */
  toWire(): WireCatalog {
    return {
      clusterId: this.clusterId,
      region: this.region,
      accountId: this.accountId,
      members: [...this.members.keys()].sort().map((node) => ({ node, incarnation: this.members.get(node) })),
      nextGroupId: this.nextGroupId,
      streams: [...this.streams.keys()].sort().map((name) => streamToWire(this.streams.get(name) as StreamRecord)),
      iteratorSecret: this.iteratorSecret,
      previousIteratorSecret: this.previousIteratorSecret,
      iteratorSecretRotatedMs: this.iteratorSecretRotatedMs,
      billingCommitment: { ...this.billingCommitment },
    };
  }

  static fromWire(w: Catalog__Output): Catalog {
    const c = new Catalog();
    c.clusterId = w.clusterId;
    c.region = w.region;
    c.accountId = w.accountId;
    for (const m of w.members) c.members.set(m.node, m.incarnation);
    c.nextGroupId = w.nextGroupId;
    for (const s of w.streams) {
      c.streams.set(s.name, {
        name: s.name,
        arn: s.arn,
        status: s.status,
        createdMs: s.createdMs,
        retentionHours: s.retentionHours,
        mode: s.mode,
        tags: new Map(s.tags.map((t) => [t.key, t.value])),
        maxRecordSizeKiB: s.maxRecordSizeKib,
        shards: s.shards.map((sh) => ({ ...sh, voters: [...sh.voters] })),
        nextShardIndex: s.nextShardIndex,
        reshards: s.reshards.map((r) => ({ parents: [...r.parents], children: [...r.children] })),
        targetShardCount: s.targetShardCount,
        scalingsMs: [...s.scalingsMs],
        modeChangesMs: [...s.modeChangesMs],
        consumers: s.consumers.map((c) => ({ ...c })),
        shardLevelMetrics: [...s.shardLevelMetrics],
        warmThroughputMiBps: s.warmThroughputMibps,
        resourcePolicy: s.resourcePolicy,
        keyId: s.keyId,
        dataKey: s.dataKey,
        dataKeys: s.dataKeys.map((k) => ({ number: k.number, masterKeyId: k.masterKeyId, wrapped: k.wrapped })),
        encryptionStartsMs: [...s.encryptionStartsMs],
        encryptionStopsMs: [...s.encryptionStopsMs],
      });
    }
    c.iteratorSecret = w.iteratorSecret;
    c.previousIteratorSecret = w.previousIteratorSecret;
    c.iteratorSecretRotatedMs = Number(w.iteratorSecretRotatedMs);
    if (w.billingCommitment) {
      const b = w.billingCommitment;
      c.billingCommitment = { enabled: b.enabled, startedMs: Number(b.startedMs), earliestEndMs: Number(b.earliestEndMs), endedMs: Number(b.endedMs), disableRequested: b.disableRequested };
    }
    return c;
  }
}

function streamToWire(s: StreamRecord): WireStream {
  return {
    name: s.name,
    arn: s.arn,
    status: s.status,
    createdMs: s.createdMs,
    retentionHours: s.retentionHours,
    mode: s.mode,
    tags: [...s.tags].map(([key, value]) => ({ key, value })),
    maxRecordSizeKib: s.maxRecordSizeKiB,
    shards: s.shards.map((sh) => ({ ...sh, voters: [...sh.voters] })),
    nextShardIndex: s.nextShardIndex,
    reshards: s.reshards.map((r) => ({ parents: [...r.parents], children: [...r.children] })),
    targetShardCount: s.targetShardCount,
    scalingsMs: [...s.scalingsMs],
    modeChangesMs: [...s.modeChangesMs],
    consumers: s.consumers.map((c) => ({ ...c })),
    shardLevelMetrics: [...s.shardLevelMetrics],
    warmThroughputMibps: s.warmThroughputMiBps,
    resourcePolicy: s.resourcePolicy,
    keyId: s.keyId,
    dataKey: s.dataKey,
    dataKeys: s.dataKeys.map((k) => ({ ...k })),
    encryptionStartsMs: [...s.encryptionStartsMs],
    encryptionStopsMs: [...s.encryptionStopsMs],
  };
}

const dayMs = 24 * 3_600_000;

/** The times within the 24 hours before `nowMs` (limits that count a rolling day). */
export function recent(times: readonly number[], nowMs: number): number[] {
  return times.filter((t) => t > nowMs - dayMs);
}

/** Shards that take records now (a SEALING shard does, until its seal commits). */
export function openShards(s: StreamRecord): ShardRecord[] {
  return s.shards.filter((sh) => sh.state === "OPEN" || sh.state === "SEALING");
}

/** A new shard of a stream: the next shard index and group id, voted on by the current members. */
export function newShard(c: Catalog, s: StreamRecord, range: { start: bigint; end: bigint }, nowMs: number, state: ShardState, parents: readonly string[] = []): ShardRecord {
  const shardIndex = s.nextShardIndex++;
  const groupId = c.nextGroupId++;
  return {
    shardId: shardIdOf(shardIndex),
    shardIndex,
    groupId,
    voters: c.memberReplicas(),
    parentShardId: parents[0] ?? "",
    adjacentParentShardId: parents[1] ?? "",
    startingHashKey: range.start.toString(),
    endingHashKey: range.end.toString(),
    createdMs: nowMs,
    state,
    sealIndex: 0,
    endingSequenceNumber: "",
    sealedMs: 0,
  };
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

export function streamArn(c: Catalog, name: string): string {
  return `arn:aws:kinesis:${c.region}:${c.accountId}:stream/${name}`;
}

export const ok: CommandResult = { ok: true };

export function fail(code: FailureCode__Output, detail: string, bounds: { current?: number; limit?: number; limitLow?: number; rule?: string } = {}): CommandResult {
  return { ok: false, failure: { code, detail, ...bounds } };
}

export const notFound = (name: string) => fail("STREAM_NOT_FOUND", `no stream ${name}`);
