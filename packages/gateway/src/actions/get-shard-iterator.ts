import { dryRunSucceeded, invalidArgument, resourceNotFound } from "../errors.js";
import { combinationMessage, startingPosition } from "../positions.js";
import { activeStream, resolveShardId, streamNameOf } from "../streams.js";
import { encodeToken } from "../tokens.js";
import type { IteratorPosition } from "../tokens.js";
import type { ActionContext, Input } from "./context.js";

export async function getShardIterator(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.catalog();
  const stream = activeStream(catalog, streamNameOf(input));
  const id = resolveShardId(input.ShardId as string);
  if (id === undefined) throw resourceNotFound(`Could not find shard ${input.ShardId} in stream ${stream.name} under account ${catalog.accountId}.`);
  const shard = stream.shards.find((s) => s.shardId === id && s.state !== "PENDING");
  if (!shard) throw resourceNotFound(`Shard ${id} in stream ${stream.name} under account ${catalog.accountId} does not exist`);
  const type = input.ShardIteratorType as string;
  if ((type === "TRIM_HORIZON" || type === "LATEST") && input.StartingSequenceNumber !== undefined) throw invalidArgument(combinationMessage(type, true));
  const start = { type, sequenceNumber: input.StartingSequenceNumber as string | undefined, timestamp: input.Timestamp as Date | undefined, nowMs: ctx.now() };
  const { index, offset } = await startingPosition(ctx.cluster, catalog, stream, shard, start, "GetShardIterator", "StartingSequenceNumber");
  const position: IteratorPosition = { stream: stream.name, shardId: shard.shardId, groupId: shard.groupId, streamCreatedMs: stream.createdMs, index, offset };
  if (input.DryRun === true) throw dryRunSucceeded();
  return { ShardIterator: encodeToken(catalog.iteratorSecret, "iterator", position, ctx.now()) };
}
