/** What the tag actions share: the stream a resource ARN names. */
import type { CatalogView, StreamView } from "../cluster-client.js";
import { invalidArgument, resourceNotFound } from "../errors.js";
import { parseStreamArn } from "../streams.js";

export function streamOfResource(catalog: CatalogView, arn: string): StreamView {
  const parsed = parseStreamArn(arn);
  if (!parsed) throw invalidArgument(`${arn} is not a stream ARN (consumer ARNs have no tags here yet)`);
  const s = catalog.streams[parsed.name];
  if (!s || s.arn !== arn) throw resourceNotFound(`Stream ${parsed.name} under account ${catalog.accountId} not found.`);
  return s;
}

export function tagList(tags: Record<string, string>, keys: string[]) {
  return keys.map((k) => ({ Key: k, Value: tags[k] }));
}
