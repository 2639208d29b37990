import { appendRecords } from "../appends.js";
import { isKeyFailure } from "../cluster-client.js";
import { dryRunSucceeded, invalidArgument } from "../errors.js";
import { kinesisErrorOf, rateExceededMessage } from "../node-failures.js";
import { activeStream, hashKeyOf, recordSize, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";

const requestBytesMax = 10 * 1024 * 1024;

interface Entry {
  Data: Uint8Array;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/**
 * Routes the records by hash key, appends each shard's slice to its leader
 * concurrently, and answers in request order. A shard whose append fails
 * fails only its own records (Kinesis gives no cross-record ordering).
 */
export async function putRecords(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.catalog();
  const stream = activeStream(catalog, streamNameOf(input));
  const entries = input.Records as Entry[];
  let total = 0;
  const routed = entries.map((e, i) => {
    const size = recordSize(e.Data, e.PartitionKey);
    total += size;
    if (size > stream.maxRecordSizeKib * 1024) {
      throw invalidArgument(`Record ${i} is ${size} bytes (data and partition key), over the stream's maximum record size of ${stream.maxRecordSizeKib} KiB`);
    }
    return { data: e.Data, partitionKey: e.PartitionKey, hashKey: hashKeyOf(e.PartitionKey, e.ExplicitHashKey) };
  });
  if (total > requestBytesMax) throw invalidArgument(`Records size ${total} bytes exceeds the request limit of ${requestBytesMax} bytes, including partition keys`);
  if (input.DryRun === true) throw dryRunSucceeded();
  const outcomes = await appendRecords(ctx.cluster, stream, routed, ctx.throughput);
  // A key that cannot be used fails the call, as on AWS (a record's ErrorCode has no KMS codes).
  const keyFailure = outcomes.find((o) => !o.ok && isKeyFailure(o.failure));
  if (keyFailure && !keyFailure.ok && outcomes.every((o) => !o.ok)) throw kinesisErrorOf(keyFailure.failure, { accountId: catalog.accountId, stream: stream.name, keyId: stream.keyId });
  const results = outcomes.map((o, i) => {
    if (o.ok) {
      ctx.metrics.countShard(stream, o.shardId, "IncomingBytes", recordSize(entries[i]?.Data as Uint8Array, entries[i]?.PartitionKey as string));
      ctx.metrics.countShard(stream, o.shardId, "IncomingRecords", 1);
      return { SequenceNumber: o.sequenceNumber, ShardId: o.shardId };
    }
    if (o.failure.code === "OVERLOADED") {
      ctx.metrics.countShard(stream, o.shardId, "WriteProvisionedThroughputExceeded", 1);
      return { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: rateExceededMessage(catalog.accountId, stream.name, o.shardId) };
    }
    return { ErrorCode: "InternalFailure", ErrorMessage: "Internal service failure." };
  });
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) ctx.log.warn({ stream: stream.name, failed: failed.length, codes: [...new Set(failed.map((o) => !o.ok && o.failure.code))] }, "PutRecords records failed");
  return { FailedRecordCount: failed.length, Records: results, EncryptionType: outcomes.some((o) => o.ok && o.encrypted) ? "KMS" : "NONE" };
}
