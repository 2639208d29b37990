import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

/** Raises (or lowers) the largest record a stream accepts: 1024–10240 KiB. */
export async function updateMaxRecordSize(ctx: ActionContext, input: Input): Promise<unknown> {
  orThrow(await ctx.cluster.propose({ type: "SetMaxRecordSize", name: streamNameOf(input), kib: input.MaxRecordSizeInKiB }));
  return {};
}
