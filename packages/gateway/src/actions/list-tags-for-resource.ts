import type { ActionContext, Input } from "./context.js";
import { sortedTagKeys, streamOfResource, tagList } from "./tags.js";

export async function listTagsForResource(ctx: ActionContext, input: Input): Promise<unknown> {
  const stream = streamOfResource(await ctx.cluster.freshCatalog(), input.ResourceARN);
  return { Tags: tagList(stream.tags, sortedTagKeys(stream.tags)) };
}
