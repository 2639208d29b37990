import { appendRecords } from "../appends.js";
import { dryRunSucceeded, invalidArgument } from "../errors.js";
import { kinesisErrorOf } from "../node-failures.js";
import { activeStream, hashKeyOf, recordSize, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";

export async function putRecord(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.catalog();
  const stream = activeStream(catalog, streamNameOf(input));
  const data = input.Data as Uint8Array;
  const key = input.PartitionKey as string;
  const size = recordSize(data, key);
  if (size > stream.maxRecordSizeKib * 1024) {
    throw invalidArgument(`Record size ${size} bytes (data and partition key) exceeds the stream's maximum record size of ${stream.maxRecordSizeKib} KiB`);
  }
  const hashKey = hashKeyOf(key, input.ExplicitHashKey);
  if (input.DryRun === true) throw dryRunSucceeded();
  const [outcome] = await appendRecords(ctx.cluster, stream, [{ data, partitionKey: key, hashKey }], ctx.throughput);
  if (!outcome?.ok) {
    const failure = outcome?.failure;
    if (failure?.code === "OVERLOADED") {
      // Over the shard's rate: the client's to slow down, not a fault to log.
      ctx.metrics.countShard(stream, outcome?.shardId ?? "", "WriteProvisionedThroughputExceeded", 1);
    } else {
      ctx.log.warn({ stream: stream.name, shard: outcome?.shardId, code: failure?.code, detail: failure?.detail }, "PutRecord failed");
    }
    throw kinesisErrorOf(failure ?? { code: "INTERNAL", detail: "", current: 0, limit: 0, limitLow: 0, rule: "" }, { accountId: catalog.accountId, stream: stream.name, shardId: outcome?.shardId ?? "", keyId: stream.keyId });
  }
  ctx.metrics.countShard(stream, outcome.shardId, "IncomingBytes", size);
  ctx.metrics.countShard(stream, outcome.shardId, "IncomingRecords", 1);
  return { ShardId: outcome.shardId, SequenceNumber: outcome.sequenceNumber, EncryptionType: outcome.encrypted ? "KMS" : "NONE" };
}
