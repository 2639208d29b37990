import * as limits from "../limits.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { billingCommitmentOutput } from "./account-settings.js";

/** Enables or disables the minimum throughput billing commitment; answers with the settings after. */
export async function updateAccountSettings(ctx: ActionContext, input: Input): Promise<unknown> {
  const enable = input.MinimumThroughputBillingCommitment.Status === "ENABLED";
  const nowMs = ctx.now();
  await proposeOrThrow(ctx, { setBillingCommitment: { enable, nowMs, minimumMs: limits.billingCommitmentMinimumMs } }, {});
  return { MinimumThroughputBillingCommitment: billingCommitmentOutput(await ctx.cluster.freshCatalog(), nowMs) };
}
