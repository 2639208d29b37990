import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

export async function deleteStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const before = (await ctx.cluster.catalog()).streams.get(name);
  await proposeOrThrow(ctx, { deleteStream: { name, enforceConsumerDeletion: input.EnforceConsumerDeletion ?? false } }, { stream: name });
  // Its shard-level metrics go with it (this gateway's; another's go when it serves the stream's next namesake, or restarts).
  if (before) ctx.metrics.forgetShards(name, before.shards.map((s) => s.shardId), before.shardLevelMetrics);
  return {};
}
