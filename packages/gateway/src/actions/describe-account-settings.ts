import type { ActionContext, Input } from "./context.js";
import { billingCommitmentOutput } from "./account-settings.js";

/** The account's settings: its minimum throughput billing commitment. */
export async function describeAccountSettings(ctx: ActionContext, _input: Input): Promise<unknown> {
  return { MinimumThroughputBillingCommitment: billingCommitmentOutput(await ctx.cluster.freshCatalog(), ctx.now()) };
}
