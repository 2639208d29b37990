import * as limits from "../limits.js";
import type { ActionContext, Input } from "./context.js";

export async function describeLimits(ctx: ActionContext, _input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const streams = Object.values(catalog.streams);
  return {
    ShardLimit: ctx.shardLimit,
    OpenShardCount: streams.reduce((n, s) => n + s.shards.length, 0),
    OnDemandStreamCount: streams.filter((s) => s.mode === "ON_DEMAND").length,
    OnDemandStreamCountLimit: limits.onDemandStreamCountLimit,
  };
}
