import { expiredNextToken, invalidArgument } from "../errors.js";
import * as limits from "../limits.js";
import { decodeToken, encodeToken } from "../tokens.js";
import type { ActionContext, Input } from "./context.js";

export async function listStreams(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  let after: string | undefined = input.ExclusiveStartStreamName;
  if (input.NextToken !== undefined) {
    const token = decodeToken<{ after: string }>(catalog.iteratorSecrets, "list-streams", input.NextToken, limits.nextTokenLifetimeMs, ctx.now());
    if (!token.ok && token.reason === "expired") throw expiredNextToken("The NextToken has expired.");
    if (!token.ok) throw invalidArgument("Invalid NextToken.");
    after = token.body.after;
  }
  const limit = Math.min(input.Limit ?? limits.listStreamsLimitMax, limits.listStreamsLimitMax);
  const names = [...catalog.streams.keys()]
    .sort()
    .filter((n) => after === undefined || n > after);
  const page = names.slice(0, limit);
  const more = names.length > limit;
  return {
    StreamNames: page,
    HasMoreStreams: more,
    NextToken: more ? encodeToken(catalog.iteratorSecret, "list-streams", { after: page[page.length - 1] }, ctx.now()) : undefined,
    StreamSummaries: page.map((n) => {
      const s = catalog.streams.get(n)!;
      return { StreamName: s.name, StreamARN: s.arn, StreamStatus: s.status, StreamModeDetails: { StreamMode: s.mode }, StreamCreationTimestamp: new Date(s.createdMs) };
    }),
  };
}
