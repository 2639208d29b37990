import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

/** Retention is 24–8760 hours; the catalog checks the bounds and the direction. */
export async function decreaseStreamRetentionPeriod(ctx: ActionContext, input: Input): Promise<unknown> {
  orThrow(await ctx.cluster.propose({ type: "SetRetention", name: streamNameOf(input), hours: input.RetentionPeriodHours, direction: "decrease" }));
  return {};
}
