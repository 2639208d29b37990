import { invalidArgument } from "../errors.js";
import * as limits from "../limits.js";
import type { ShardView } from "../catalog-view.js";
import { activeStream, hashKeyOf, recordSize, shardForHashKey, streamNameOf } from "../streams.js";
import { rateExceededMessage } from "../node-failures.js";
import type { ActionContext, Input } from "./context.js";

const requestBytesMax = 10 * 1024 * 1024;

interface Entry {
  Data: Uint8Array;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/**
 * Splits the request by shard, appends each shard's slice to its leader
 * concurrently, and answers in request order. A shard whose append fails
 * fails only its own records (Kinesis gives no cross-record ordering).
 */
export async function putRecords(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.catalog();
  const stream = activeStream(catalog, streamNameOf(input));
  const entries = input.Records as Entry[];
  let total = 0;
  const byShard = new Map<ShardView, number[]>();
  entries.forEach((e, i) => {
    const size = recordSize(e.Data, e.PartitionKey);
    total += size;
    if (size > stream.maxRecordSizeKib * 1024) {
      throw invalidArgument(`Record ${i} is ${size} bytes (data and partition key), over the stream's maximum record size of ${stream.maxRecordSizeKib} KiB`);
    }
    const shard = shardForHashKey(stream, hashKeyOf(e.PartitionKey, e.ExplicitHashKey));
    const list = byShard.get(shard) ?? [];
    list.push(i);
    byShard.set(shard, list);
  });
  if (total > requestBytesMax) throw invalidArgument(`Records size ${total} bytes exceeds the request limit of ${requestBytesMax} bytes, including partition keys`);
  const results: ({ SequenceNumber: string; ShardId: string } | { ErrorCode: string; ErrorMessage: string })[] = new Array(entries.length);
  await Promise.all(
    [...byShard].map(async ([shard, indexes]) => {
      const result = await ctx.cluster.append(
        shard.groupId,
        indexes.map((i) => ({ data: entries[i]!.Data, partitionKey: entries[i]!.PartitionKey })),
        limits.appendDeadlineMs,
      );
      indexes.forEach((i, k) => {
        if (result.ok) results[i] = { SequenceNumber: result.sequenceNumbers[k] as string, ShardId: shard.shardId };
        else if (result.failure.code === "OVERLOADED")
          results[i] = { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: rateExceededMessage(catalog.accountId, stream.name, shard.shardId) };
        else results[i] = { ErrorCode: "InternalFailure", ErrorMessage: "Internal service failure." };
      });
      if (!result.ok) ctx.log.warn({ stream: stream.name, shard: shard.shardId, code: result.failure.code, detail: result.failure.detail }, "PutRecords shard slice failed");
    }),
  );
  return { FailedRecordCount: results.filter((r) => "ErrorCode" in r).length, Records: results, EncryptionType: "NONE" };
}
