import type { ActionContext, Input } from "./context.js";
import { orThrow } from "./context.js";
import { streamOfResource } from "./tags.js";

export async function tagResource(ctx: ActionContext, input: Input): Promise<unknown> {
  const stream = streamOfResource(await ctx.cluster.freshCatalog(), input.ResourceARN);
  orThrow(await ctx.cluster.propose({ type: "AddTags", name: stream.name, tags: input.Tags }));
  return {};
}
