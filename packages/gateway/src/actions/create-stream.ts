import { openShardCount } from "../catalog-view.js";
import { invalidArgument, limitExceeded } from "../errors.js";
import * as limits from "../limits.js";
import { shardLimitMessage } from "../node-failures.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { checkTagCharacters, tagsOf } from "./tags.js";

export async function createStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const mode: "PROVISIONED" | "ON_DEMAND" = input.StreamModeDetails?.StreamMode ?? "PROVISIONED";
  let shardCount: number | undefined = input.ShardCount;
  if (mode === "PROVISIONED" && shardCount === undefined) throw invalidArgument("ShardCount is required for a stream in PROVISIONED mode");
  if (mode === "ON_DEMAND") shardCount ??= limits.onDemandShardCount;
  const catalog = await ctx.cluster.freshCatalog();
  const open = openShardCount(catalog);
  if (open + (shardCount as number) > ctx.shardLimit) throw limitExceeded(shardLimitMessage(catalog.accountId, catalog.region, open, ctx.shardLimit, shardCount as number));
  const name = input.StreamName as string;
  checkTagCharacters(input.Tags, name, catalog.accountId);
  await proposeOrThrow(
    ctx,
    // The limit goes with the command too: the meta group checks it as it applies, so concurrent creates cannot pass it together.
    { createStream: { name, shardCount, mode, tags: tagsOf(input.Tags), maxRecordSizeKib: input.MaxRecordSizeInKiB ?? 1024, nowMs: ctx.now(), shardLimit: ctx.shardLimit } },
    { stream: name, additionalShards: shardCount as number },
  );
  return {};
}
