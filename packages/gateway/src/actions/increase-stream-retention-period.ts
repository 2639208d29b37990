import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

/** Retention is 24–8760 hours; the catalog checks the bounds and the direction. */
export async function increaseStreamRetentionPeriod(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  const hours = input.RetentionPeriodHours as number;
  await proposeOrThrow(ctx, { setRetention: { name, hours, change: "INCREASE" } }, { stream: name, requestedHours: hours });
  return {};
}
