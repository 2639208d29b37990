import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { streamOfResource, tagsOf } from "./tags.js";

export async function tagResource(ctx: ActionContext, input: Input): Promise<unknown> {
  const stream = streamOfResource(await ctx.cluster.freshCatalog(), input.ResourceARN);
  await proposeOrThrow(ctx, { addTags: { name: stream.name, tags: tagsOf(input.Tags) } }, { stream: stream.name });
  return {};
}
