import { expiredNextToken, invalidArgument, resourceNotFound } from "../errors.js";
import * as limits from "../limits.js";
import { notFoundMessage } from "../node-failures.js";
import { findStream, shardOutput, streamNameOf } from "../streams.js";
import { decodeToken, encodeToken } from "../tokens.js";
import type { ActionContext, Input } from "./context.js";

interface ListShardsToken {
  stream: string;
  createdMs: number;
  after: string;
}

export async function listShards(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  let name: string;
  let after: string | undefined = input.ExclusiveStartShardId;
  if (input.NextToken !== undefined) {
    if (input.StreamName !== undefined || input.StreamARN !== undefined) {
      throw invalidArgument("NextToken and StreamName cannot be provided together.");
    }
    const token = decodeToken<ListShardsToken>(catalog.iteratorSecret, "list-shards", input.NextToken, limits.nextTokenLifetimeMs, ctx.now());
    if (!token.ok && token.reason === "expired") throw expiredNextToken("The timestamp of the NextToken has expired.");
    if (!token.ok) throw invalidArgument("Invalid NextToken.");
    name = token.body.stream;
    after = token.body.after;
    const s = catalog.streams.get(name);
    if (!s || s.createdMs !== token.body.createdMs) throw resourceNotFound(notFoundMessage(catalog.accountId, name));
  } else {
    name = streamNameOf(input);
  }
  const stream = findStream(catalog, name);
  const filter = input.ShardFilter as { Type: string; ShardId?: string; Timestamp?: Date } | undefined;
  if (filter?.Type === "AFTER_SHARD_ID") {
    if (filter.ShardId === undefined) throw invalidArgument("ShardId must be specified when ShardFilter type is AFTER_SHARD_ID.");
    after = after !== undefined && after > filter.ShardId ? after : filter.ShardId;
  }
  if ((filter?.Type === "AT_TIMESTAMP" || filter?.Type === "FROM_TIMESTAMP") && filter.Timestamp === undefined) {
    throw invalidArgument(`Timestamp must be specified when ShardFilter type is ${filter.Type}.`);
  }
  // Every shard is open (no resharding yet), so the trim-horizon, latest and timestamp filters all keep every shard.
  const max = Math.min(input.MaxResults ?? limits.listShardsResultsMax, limits.listShardsResultsMax);
  const shards = stream.shards.filter((s) => after === undefined || s.shardId > after);
  const page = shards.slice(0, max);
  const more = shards.length > max;
  return {
    Shards: page.map(shardOutput),
    NextToken: more ? encodeToken(catalog.iteratorSecret, "list-shards", { stream: name, createdMs: stream.createdMs, after: page[page.length - 1]?.shardId } satisfies Partial<ListShardsToken>, ctx.now()) : undefined,
  };
}
