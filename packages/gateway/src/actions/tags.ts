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

/** Tag keys and values take Unicode letters, digits, white space and _ . / = + - @ (and % in the first check, refused by the second, as AWS words them). */
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}\s_./=+\-@%]*$/u;

/** Throws AWS's InvalidArgumentException when a tag key or value holds a character tags may not. */
export function checkTagCharacters(tags: Record<string, string> | undefined, stream: string, accountId: string): void {
  const all = Object.entries(tags ?? {}).flat();
  if (all.some((t) => !TAG_CHARACTERS.test(t))) throw invalidArgument("Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.");
  if (all.some((t) => t.includes("%"))) {
    throw invalidArgument(`Failed to add tags to stream ${stream} under account ${accountId} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.`);
  }
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
