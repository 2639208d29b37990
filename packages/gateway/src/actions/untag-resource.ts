import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { streamOfResource } from "./tags.js";

export async function untagResource(ctx: ActionContext, input: Input): Promise<unknown> {
  const stream = streamOfResource(await ctx.cluster.freshCatalog(), input.ResourceARN);
  await proposeOrThrow(ctx, { removeTags: { name: stream.name, keys: input.TagKeys } }, { stream: stream.name });
  return {};
}
