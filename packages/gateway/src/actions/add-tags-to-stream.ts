import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";
import { tagsOf } from "./tags.js";

export async function addTagsToStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  await proposeOrThrow(ctx, { addTags: { name, tags: tagsOf(input.Tags) } }, { stream: name });
  return {};
}
