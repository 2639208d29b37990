import { invalidArgument, limitExceeded } from "../errors.js";
import * as limits from "../limits.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

export async function createStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const mode: "PROVISIONED" | "ON_DEMAND" = input.StreamModeDetails?.StreamMode ?? "PROVISIONED";
  let shardCount: number | undefined = input.ShardCount;
  if (mode === "PROVISIONED" && shardCount === undefined) throw invalidArgument("ShardCount is required for a stream in PROVISIONED mode");
  if (mode === "ON_DEMAND") shardCount ??= limits.onDemandShardCount;
  const catalog = await ctx.cluster.freshCatalog();
  const open = Object.values(catalog.streams).reduce((n, s) => n + s.shards.length, 0);
  if (open + (shardCount as number) > ctx.shardLimit) {
    throw limitExceeded(
      `This request would exceed the shard limit for the account ${catalog.accountId} in ${catalog.region}. Current shard count for the account: ${open}. Limit: ${ctx.shardLimit}. Number of additional shards that would have resulted from this request: ${shardCount}.`,
    );
  }
  orThrow(
    await ctx.cluster.propose({
      type: "CreateStream",
      name: input.StreamName,
      shardCount,
      mode,
      tags: input.Tags ?? {},
      maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? 1024,
      nowMs: ctx.now(),
    }),
  );
  return {};
}
