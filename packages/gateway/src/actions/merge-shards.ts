import { findShard, findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Merges two adjacent shards into one; the stream is UPDATING until both parents are sealed and the child opens. */
export async function mergeShards(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, name);
  const shard = findShard(catalog, stream, input.ShardToMerge as string);
  const adjacent = findShard(catalog, stream, input.AdjacentShardToMerge as string);
  await proposeOrThrow(
    ctx,
    { mergeShards: { name, shardId: shard.shardId, adjacentShardId: adjacent.shardId, nowMs: ctx.now() } },
    { stream: name, shardId: shard.shardId, adjacentShardId: adjacent.shardId },
  );
  return {};
}
