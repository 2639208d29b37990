import { streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { proposeOrThrow } from "./context.js";

export async function removeTagsFromStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const name = streamNameOf(input);
  await proposeOrThrow(ctx, { removeTags: { name, keys: input.TagKeys } }, { stream: name });
  return {};
}
