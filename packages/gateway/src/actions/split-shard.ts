import { openShardCount } from "../catalog-view.js";
import { limitExceeded } from "../errors.js";
import { shardLimitMessage } from "../node-failures.js";
import { findShard, findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Splits one shard in two at a hash key; the stream is UPDATING until the parent is sealed and the children open. */
export async function splitShard(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, name);
  const shard = findShard(catalog, stream, input.ShardToSplit as string);
  const open = openShardCount(catalog);
  if (open + 1 > ctx.shardLimit) throw limitExceeded(shardLimitMessage(catalog.accountId, catalog.region, open, ctx.shardLimit, 1));
  const hashKey = input.NewStartingHashKey as string;
  await proposeOrThrow(
    ctx,
    { splitShard: { name, shardId: shard.shardId, newStartingHashKey: hashKey, nowMs: ctx.now() } },
    { stream: name, shardId: shard.shardId, hashKey, startingHashKey: shard.startingHashKey, endingHashKey: shard.endingHashKey },
  );
  return {};
}
