import { invalidArgument } from "../errors.js";
import * as limits from "../limits.js";
import { activeStream, hashKeyOf, recordSize, shardForHashKey, streamNameOf } from "../streams.js";
import { kinesisErrorOf } from "../node-failures.js";
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
  const shard = shardForHashKey(stream, hashKeyOf(key, input.ExplicitHashKey));
  const result = await ctx.cluster.append(shard.groupId, [{ data, partitionKey: key }], limits.appendDeadlineMs);
  if (!result.ok) {
    ctx.log.warn({ stream: stream.name, shard: shard.shardId, code: result.failure.code, detail: result.failure.detail }, "PutRecord failed");
    throw kinesisErrorOf(result.failure, { accountId: catalog.accountId, stream: stream.name, shardId: shard.shardId });
  }
  return { ShardId: shard.shardId, SequenceNumber: result.sequenceNumbers[0], EncryptionType: "NONE" };
}
