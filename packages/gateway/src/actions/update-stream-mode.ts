import { limitExceeded } from "../errors.js";
import * as limits from "../limits.js";
import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Switches a stream between PROVISIONED and ON_DEMAND (twice per rolling 24 hours at most, as AWS allows). */
export async function updateStreamMode(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const mode = input.StreamModeDetails.StreamMode as "PROVISIONED" | "ON_DEMAND";
  const catalog = await ctx.cluster.freshCatalog();
  findStream(catalog, name);
  if (mode === "ON_DEMAND") {
    const onDemand = [...catalog.streams.values()].filter((s) => s.mode === "ON_DEMAND").length;
    if (onDemand >= limits.onDemandStreamCountLimit) {
      throw limitExceeded(`This request would exceed the on-demand stream count limit of ${limits.onDemandStreamCountLimit} for the account ${catalog.accountId} in ${catalog.region}.`);
    }
  }
  await proposeOrThrow(ctx, { updateStreamMode: { name, mode, nowMs: ctx.now() } }, { stream: name, mode });
  return {};
}
