/**
 * What several actions share: finding the stream a request names (by
 * StreamName or StreamARN), AWS's not-found wording, partition-key hashing
 * and shard lookup, the representation of shards and records, and records'
 * sequence numbers (nodes give a record's place; it is rendered here).
 */
import { createHash } from "node:crypto";
import { sequenceNumber } from "@tributary/protocol";
import type { ReadRecord__Output } from "@tributary/protocol";
import type { CatalogView, ShardView, StreamView } from "./catalog-view.js";
import { childShards, owningShards } from "./catalog-view.js";
import { invalidArgument, resourceNotFound } from "./errors.js";
import { notFoundMessage } from "./node-failures.js";

export const HASH_KEY_MAX = (1n << 128n) - 1n;

export function parseStreamArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/.exec(arn);
  return m ? { region: m[1] as string, accountId: m[2] as string, name: m[3] as string } : undefined;
}

/** The stream name from StreamName or StreamARN (at least one must be given; if both, they must agree). */
export function streamNameOf(input: Record<string, unknown>): string {
  const name = input.StreamName as string | undefined;
  const arn = input.StreamARN as string | undefined;
  const fromArn = arn !== undefined ? parseStreamArn(arn)?.name : undefined;
  if (arn !== undefined && fromArn === undefined) throw invalidArgument(`StreamARN ${arn} is not a valid stream ARN`);
  if (name !== undefined && fromArn !== undefined && name !== fromArn) throw invalidArgument("StreamARN and StreamName do not name the same stream");
  const resolved = name ?? fromArn;
  if (resolved === undefined) throw invalidArgument("Either StreamName or StreamARN must be provided");
  return resolved;
}

export function findStream(catalog: CatalogView, name: string): StreamView {
  const s = catalog.streams.get(name);
  if (!s) throw resourceNotFound(notFoundMessage(catalog.accountId, name));
  return s;
}

/** A stream that data can be written to or read from (ACTIVE or UPDATING). */
export function activeStream(catalog: CatalogView, name: string): StreamView {
  const s = findStream(catalog, name);
  if (s.status === "CREATING") throw resourceNotFound(notFoundMessage(catalog.accountId, name));
  return s;
}

/** Kinesis' partition-key hash: the MD5 of the key's UTF-8 bytes as a 128-bit integer. */
export function partitionKeyHash(key: string): bigint {
  return BigInt("0x" + createHash("md5").update(key, "utf8").digest("hex"));
}

export function hashKeyOf(partitionKey: string, explicitHashKey: string | undefined): bigint {
  if (explicitHashKey === undefined) return partitionKeyHash(partitionKey);
  const v = BigInt(explicitHashKey);
  if (v > HASH_KEY_MAX) {
    throw invalidArgument(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`);
  }
  return v;
}

/** The shard that owns a hash key now: where a record with it goes. */
export function shardForHashKey(stream: StreamView, hashKey: bigint): ShardView {
  const shard = owningShards(stream).find((s) => BigInt(s.startingHashKey) <= hashKey && hashKey <= BigInt(s.endingHashKey));
  if (!shard) throw invalidArgument(`no open shard of stream ${stream.name} covers hash key ${hashKey}`);
  return shard;
}

/**
 * A shard id as AWS accepts it: the full "shardId-000000000007", or an
 * abbreviation naming the same index ("shardId-7", "7"). Undefined when it
 * names no index.
 */
export function resolveShardId(id: string): string | undefined {
  const digits = id.slice(id.lastIndexOf("-") + 1);
  if (!/^\d{1,12}$/.test(digits)) return undefined;
  return `shardId-${digits.padStart(12, "0")}`;
}

/** The shard of a stream a request names (abbreviations too), or AWS's not-found error. */
export function findShard(catalog: CatalogView, stream: StreamView, id: string): ShardView {
  const canonical = resolveShardId(id);
  const shard = canonical === undefined ? undefined : stream.shards.find((s) => s.shardId === canonical && s.state !== "PENDING");
  if (!shard) throw resourceNotFound(`Could not find shard ${id} in stream ${stream.name} under account ${catalog.accountId}.`);
  return shard;
}

/** The smallest sequence number of a shard: before every record in it. */
export function startingSequenceNumber(shard: ShardView): string {
  const createdS = Math.floor(shard.createdMs / 1000);
  return sequenceNumber({ shardCreatedS: createdS, shardIndex: shard.shardIndex, logIndex: 0, offset: 0, arrivalS: createdS });
}

/** The sequence number of record `offset` of entry `index` of `shard` (protocol/src/sequence-number.ts), rendered here and only here. */
export function recordSequenceNumber(shard: ShardView, index: number, offset: number, arrivalMs: number): string {
  return sequenceNumber({ shardCreatedS: Math.floor(shard.createdMs / 1000), shardIndex: shard.shardIndex, logIndex: index, offset, arrivalS: Math.floor(arrivalMs / 1000) });
}

/** A record of `shard` as GetRecords and SubscribeToShard give it; EncryptionType only for a record stored encrypted. */
export function recordOutput(shard: ShardView, r: ReadRecord__Output) {
  return {
    SequenceNumber: recordSequenceNumber(shard, r.index, r.offset, r.arrivalMs),
    ApproximateArrivalTimestamp: new Date(Number(r.arrivalMs)),
    Data: r.data,
    PartitionKey: r.partitionKey,
    ...(r.encrypted ? { EncryptionType: "KMS" } : {}),
  };
}

export function shardOutput(shard: ShardView) {
  return {
    ShardId: shard.shardId,
    ParentShardId: shard.parentShardId || undefined,
    AdjacentParentShardId: shard.adjacentParentShardId || undefined,
    HashKeyRange: { StartingHashKey: shard.startingHashKey, EndingHashKey: shard.endingHashKey },
    SequenceNumberRange: { StartingSequenceNumber: startingSequenceNumber(shard), EndingSequenceNumber: shard.state === "CLOSED" ? shard.endingSequenceNumber : undefined },
  };
}

/** The size Kinesis counts for a record: data plus partition key bytes. */
export function recordSize(data: Uint8Array, partitionKey: string): number {
  return data.byteLength + Buffer.byteLength(partitionKey, "utf8");
}

/** A closed shard's children as GetRecords and SubscribeToShard name them at its end. */
export function childShardsOutput(stream: StreamView, shardId: string) {
  return childShards(stream, shardId).map((c) => ({
    ShardId: c.shardId,
    ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((p) => p !== ""),
    HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
  }));
}
