import { openShardCount } from "../catalog-view.js";
import * as limits from "../limits.js";
import type { ActionContext, Input } from "./context.js";

export async function describeLimits(ctx: ActionContext, _input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  return {
    ShardLimit: ctx.shardLimit,
    OpenShardCount: openShardCount(catalog),
    OnDemandStreamCount: [...catalog.streams.values()].filter((s) => s.mode === "ON_DEMAND").length,
    OnDemandStreamCountLimit: limits.onDemandStreamCountLimit,
  };
}
