/** What the tag actions share: the stream a resource ARN names, and tags in both shapes. */
import type { Tag } from "@tributary/protocol";
import type { CatalogView, StreamView } from "../catalog-view.js";
import { invalidArgument, resourceNotFound } from "../errors.js";
import { notFoundMessage } from "../node-failures.js";
import { parseStreamArn } from "../streams.js";

export function streamOfResource(catalog: CatalogView, arn: string): StreamView {
  const parsed = parseStreamArn(arn);
  if (!parsed) throw invalidArgument(`${arn} is not a stream ARN (consumer ARNs have no tags here yet)`);
  const s = catalog.streams.get(parsed.name);
  if (!s || s.arn !== arn) throw resourceNotFound(notFoundMessage(catalog.accountId, parsed.name));
  return s;
}

/** A request's Tags map as catalog tags. */
export function tagsOf(tags: Record<string, string> | undefined): Tag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
}

/** A stream's tags, sorted by key, as Kinesis lists them. */
export function sortedTagKeys(tags: ReadonlyMap<string, string>): string[] {
  return [...tags.keys()].sort();
}

export function tagList(tags: ReadonlyMap<string, string>, keys: string[]) {
  return keys.map((k) => ({ Key: k, Value: tags.get(k) }));
}
