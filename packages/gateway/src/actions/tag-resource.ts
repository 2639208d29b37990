import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { checkTagCharacters, streamOfResource, tagsOf } from "./tags.js";

export async function tagResource(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const stream = streamOfResource(catalog, input.ResourceARN);
  checkTagCharacters(input.Tags, stream.name, catalog.accountId);
  await proposeOrThrow(ctx, { addTags: { name: stream.name, tags: tagsOf(input.Tags) } }, { stream: stream.name });
  return {};
}
