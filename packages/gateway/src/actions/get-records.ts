import { dryRunSucceeded, expiredIterator, invalidArgument, resourceNotFound, throughputExceeded } from "../errors.js";
import { kinesisErrorOf, rateExceededMessage } from "../node-failures.js";
import { ReadRefusedError } from "../cluster-client.js";
import * as limits from "../limits.js";
import { encodeToken } from "../tokens.js";
import type { IteratorPosition } from "../tokens.js";
import { childShards } from "../catalog-view.js";
import type { StreamView } from "../catalog-view.js";
import { childShardsOutput, recordOutput } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { checkToken } from "./context.js";

export async function getRecords(ctx: ActionContext, input: Input): Promise<unknown> {
  const { catalog, check: token } = await checkToken<IteratorPosition>(ctx, "iterator", input.ShardIterator, limits.iteratorLifetimeMs);
  const now = ctx.now();
  if (!token.ok && token.reason === "expired") {
    throw expiredIterator(`Iterator expired. The iterator was created more than ${limits.iteratorLifetimeMs} milliseconds ago.`);
  }
  if (!token.ok) throw invalidArgument("Invalid ShardIterator.");
  const pos = token.body;
  const shardIn = (view: StreamView | undefined) => (view?.createdMs === pos.streamCreatedMs ? view.shards.find((s) => s.shardId === pos.shardId) : undefined);
  let stream = catalog.streams.get(pos.stream);
  let shard = shardIn(stream);
  if (!shard) {
    // A shard this gateway's catalog does not show yet (a split's child, just made): looked up afresh, once.
    stream = (await ctx.cluster.freshCatalog()).streams.get(pos.stream);
    shard = shardIn(stream);
  }
  if (!stream || !shard) throw resourceNotFound(`Shard ${pos.shardId} in stream ${pos.stream} under account ${catalog.accountId} does not exist`);
  // A StreamARN, when given, must name the iterator's stream.
  if (input.StreamARN !== undefined && input.StreamARN !== stream.arn) throw invalidArgument(`StreamARN ${input.StreamARN} does not match the stream of the ShardIterator: ${stream.arn}`);
  if (input.DryRun === true) throw dryRunSucceeded();
  // Five calls a second per shard, and no reads while its read bytes are in debt (throughput.ts).
  if (!ctx.throughput.takeRead(pos.groupId)) {
    ctx.metrics.countShard(stream, pos.shardId, "ReadProvisionedThroughputExceeded", 1);
    throw throughputExceeded(rateExceededMessage(catalog.accountId, stream.name, pos.shardId));
  }
  const limit = input.Limit ?? 10_000;
  const res = await ctx.cluster.read(pos.groupId, pos.index, pos.offset, limit, limits.getRecordsBytesMax).catch((err: unknown) => {
    throw err instanceof ReadRefusedError ? kinesisErrorOf(err.failure, { accountId: catalog.accountId, stream: stream.name, keyId: stream.keyId }) : err;
  });
  const records = res.records.map((r) => recordOutput(shard, r));
  let bytes = 0;
  for (const r of res.records) bytes += r.data.byteLength + Buffer.byteLength(r.partitionKey);
  ctx.throughput.chargeRead(pos.groupId, bytes);
  ctx.metrics.countShard(stream, pos.shardId, "OutgoingBytes", bytes);
  ctx.metrics.countShard(stream, pos.shardId, "OutgoingRecords", res.records.length);
  const caughtUp = res.nextIndex > res.appliedIndex;
  const last = res.records[res.records.length - 1];
  const millisBehind = caughtUp || !last ? 0 : Math.max(0, Number(res.lastArrivalMs) - Number(last.arrivalMs));
  if (res.endOfShard) {
    // A closed shard read to its end (in this response, or before it): no next iterator; its children follow.
    let view = stream;
    if (childShards(view, pos.shardId).length === 0) view = (await ctx.cluster.freshCatalog()).streams.get(pos.stream) ?? stream;
    return { Records: records, MillisBehindLatest: 0, ChildShards: childShardsOutput(view, pos.shardId) };
  }
  ctx.metrics.countShard(stream, pos.shardId, "IteratorAgeMilliseconds", millisBehind);
  const next: IteratorPosition = { ...pos, index: Number(res.nextIndex), offset: Number(res.nextOffset) };
  return { Records: records, NextShardIterator: encodeToken(catalog.iteratorSecret, "iterator", next, now), MillisBehindLatest: millisBehind };
}
