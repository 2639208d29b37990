import { openShardCount, openShards } from "../catalog-view.js";
import { limitExceeded } from "../errors.js";
import { shardLimitMessage } from "../node-failures.js";
import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/**
 * UNIFORM_SCALING to a target count: the stream is UPDATING while the
 * cluster splits and merges its shards until they split the key space
 * evenly into that many. AWS's limits: at most double, at least half, ten
 * scalings per rolling 24 hours, 10,000 shards, the account's shard limit.
 */
export async function updateShardCount(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, name);
  const current = openShards(stream).length;
  const target = input.TargetShardCount as number;
  const accountOpen = openShardCount(catalog);
  if (accountOpen - current + target > ctx.shardLimit) throw limitExceeded(shardLimitMessage(catalog.accountId, catalog.region, accountOpen, ctx.shardLimit, target - current));
  await proposeOrThrow(
    ctx,
    { updateShardCount: { name, targetShardCount: target, nowMs: ctx.now(), shardLimit: ctx.shardLimit } },
    { stream: name, targetShardCount: target, region: catalog.region, additionalShards: target - current },
  );
  return { StreamName: name, StreamARN: stream.arn, CurrentShardCount: current, TargetShardCount: target };
}
