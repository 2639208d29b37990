import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { sortedTagKeys, tagList } from "./tags.js";

const tagsPerPageMax = 50;

export async function listTagsForStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, streamNameOf(input));
  const after = input.ExclusiveStartTagKey as string | undefined;
  const keys = sortedTagKeys(stream.tags).filter((k) => after === undefined || k > after);
  const limit = Math.min(input.Limit ?? tagsPerPageMax, tagsPerPageMax);
  return { Tags: tagList(stream.tags, keys.slice(0, limit)), HasMoreTags: keys.length > limit };
}
