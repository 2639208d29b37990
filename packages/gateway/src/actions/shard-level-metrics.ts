/**
 * What Enable- and DisableEnhancedMonitoring share: which shard-level metrics
 * a stream publishes. "ALL" stands for all seven. The answer holds the metrics before
 * the change (Current) and after it (Desired), as AWS's does; DescribeStream
 * shows the enabled ones, and the gateway's Prometheus metrics carry them per
 * shard (metrics.ts).
 */
import { shardLevelMetricNames } from "@tributary/protocol";
import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Enables (or disables) the metrics the input names; answers with the metrics before and after. */
export async function setShardLevelMetrics(ctx: ActionContext, input: Input, enable: boolean): Promise<unknown> {
  const name = streamNameOf(input);
  const asked = input.ShardLevelMetrics as string[];
  const metrics = asked.includes("ALL") ? [...shardLevelMetricNames] : shardLevelMetricNames.filter((m) => asked.includes(m));
  const before = findStream(await ctx.cluster.freshCatalog(), name);
  await proposeOrThrow(ctx, { setShardLevelMetrics: { name, metrics, enable } }, { stream: name });
  const after = findStream(await ctx.cluster.freshCatalog(), name);
  const dropped = before.shardLevelMetrics.filter((m) => !after.shardLevelMetrics.includes(m));
  ctx.metrics.forgetShards(after.name, after.shards.map((s) => s.shardId), dropped);
  return { StreamName: after.name, StreamARN: after.arn, CurrentShardLevelMetrics: before.shardLevelMetrics, DesiredShardLevelMetrics: after.shardLevelMetrics };
}
