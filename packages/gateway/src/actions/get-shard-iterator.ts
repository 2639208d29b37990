import { parseSequenceNumber } from "@tributary/protocol";
import { invalidArgument, resourceNotFound } from "../errors.js";
import { activeStream, resolveShardId, streamNameOf } from "../streams.js";
import { encodeToken } from "../tokens.js";
import type { IteratorPosition } from "../tokens.js";
import type { ActionContext, Input } from "./context.js";

/** Past any real log index: a read from here returns no records and the applied index. */
const beyondEnd = Number.MAX_SAFE_INTEGER;

export async function getShardIterator(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.catalog();
  const stream = activeStream(catalog, streamNameOf(input));
  const id = resolveShardId(input.ShardId as string);
  if (id === undefined) throw resourceNotFound(`Could not find shard ${input.ShardId} in stream ${stream.name} under account ${catalog.accountId}.`);
  const shard = stream.shards.find((s) => s.shardId === id && s.state !== "PENDING");
  if (!shard) throw resourceNotFound(`Shard ${id} in stream ${stream.name} under account ${catalog.accountId} does not exist`);
  const type = input.ShardIteratorType as string;
  let index = 1;
  let offset = 0;
  switch (type) {
    case "TRIM_HORIZON":
      break;
    case "LATEST": {
      const tip = await ctx.cluster.read(shard.groupId, beyondEnd, 0, 1, 1);
      index = tip.appliedIndex + 1;
      break;
    }
    case "AT_SEQUENCE_NUMBER":
    case "AFTER_SEQUENCE_NUMBER": {
      const seq = input.StartingSequenceNumber as string | undefined;
      if (seq === undefined) throw invalidArgument(`Must specify StartingSequenceNumber for ${type} iterator.`);
      const parts = parseSequenceNumber(seq);
      if (!parts) throw invalidArgument(`StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shard.shardId} in stream ${stream.name} under account ${catalog.accountId} is invalid.`);
      if (parts.shardIndex !== shard.shardIndex || parts.shardCreatedS !== Math.floor(shard.createdMs / 1000)) {
        throw invalidArgument(`Invalid StartingSequenceNumber. It encodes ${"shardId-" + String(parts.shardIndex).padStart(12, "0")}, while it was used in a call to a shard with ${shard.shardId}`);
      }
      index = Math.max(parts.logIndex, 1);
      offset = parts.logIndex === 0 ? 0 : parts.offset + (type === "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
      break;
    }
    case "AT_TIMESTAMP": {
      const ts = input.Timestamp as Date | undefined;
      if (ts === undefined) throw invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
      index = await ctx.cluster.seek(shard.groupId, ts.getTime());
      break;
    }
  }
  const position: IteratorPosition = { stream: stream.name, shardId: shard.shardId, groupId: shard.groupId, streamCreatedMs: stream.createdMs, index, offset };
  return { ShardIterator: encodeToken(catalog.iteratorSecret, "iterator", position, ctx.now()) };
}
