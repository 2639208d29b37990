import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";

export async function removeTagsFromStream(ctx: ActionContext, input: Input): Promise<unknown> {
  orThrow(await ctx.cluster.propose({ type: "RemoveTags", name: streamNameOf(input), keys: input.TagKeys }));
  return {};
}
