import type { ActionContext, Input } from "./context.js";
import { setShardLevelMetrics } from "./shard-level-metrics.js";

/** Enables shard-level metrics for a stream ("ALL" for the seven). */
export function enableEnhancedMonitoring(ctx: ActionContext, input: Input): Promise<unknown> {
  return setShardLevelMetrics(ctx, input, true);
}
