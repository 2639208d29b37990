import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

export async function addTagsToStream(ctx: ActionContext, input: Input): Promise<unknown> {
  orThrow(await ctx.cluster.propose({ type: "AddTags", name: streamNameOf(input), tags: input.Tags }));
  return {};
}
