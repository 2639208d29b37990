import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { checkTagCharacters, tagsOf } from "./tags.js";

export async function addTagsToStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  checkTagCharacters(input.Tags, name, (await ctx.cluster.catalog()).accountId);
  await proposeOrThrow(ctx, { addTags: { name, tags: tagsOf(input.Tags) } }, { stream: name });
  return {};
}
