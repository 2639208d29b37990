import { consumerOutput, streamOfArn } from "../consumers.js";
import { expiredNextToken, invalidArgument, resourceNotFound } from "../errors.js";
import * as limits from "../limits.js";
import { notFoundMessage } from "../node-failures.js";
import { decodeToken, encodeToken } from "../tokens.js";
import type { ActionContext, Input } from "./context.js";

/** Consumers by name; a NextToken holds the last name listed and the stream's creation time. */
export async function listStreamConsumers(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const stream = streamOfArn(catalog, input.StreamARN as string);
  const created = input.StreamCreationTimestamp as Date | undefined;
  if (created !== undefined && input.NextToken !== undefined) throw invalidArgument("StreamCreationTimestamp cannot be given with NextToken: the NextToken already names the stream.");
  if (created !== undefined && Math.floor(created.getTime() / 1000) !== Math.floor(stream.createdMs / 1000)) throw resourceNotFound(notFoundMessage(catalog.accountId, stream.name));
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    const token = decodeToken<{ after: string; streamCreatedMs: number }>(catalog.iteratorSecrets, "list-consumers", input.NextToken as string, limits.nextTokenLifetimeMs, ctx.now());
    if (!token.ok && token.reason === "expired") throw expiredNextToken("The NextToken has expired.");
    if (!token.ok || token.body.streamCreatedMs !== stream.createdMs) throw invalidArgument("Invalid NextToken.");
    after = token.body.after;
  }
  const limit = Math.min((input.MaxResults as number | undefined) ?? limits.listStreamConsumersResultsDefault, limits.listStreamConsumersResultsMax);
  const all = [...stream.consumers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).filter((c) => after === undefined || c.name > after);
  const page = all.slice(0, limit);
  const more = all.length > limit;
  return {
    Consumers: page.map(consumerOutput),
    NextToken: more ? encodeToken(catalog.iteratorSecret, "list-consumers", { after: page[page.length - 1]?.name, streamCreatedMs: stream.createdMs }, ctx.now()) : undefined,
  };
}
