import type { ShardView, StreamView } from "../catalog-view.js";
import { visibleShards } from "../catalog-view.js";
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
    const token = decodeToken<ListShardsToken>(catalog.iteratorSecrets, "list-shards", input.NextToken, limits.nextTokenLifetimeMs, ctx.now());
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
  const kept = filter ? applyFilter(stream, filter.Type, filter.Timestamp?.getTime(), ctx.now()) : visibleShards(stream);
  const max = Math.min(input.MaxResults ?? limits.listShardsResultsMax, limits.listShardsResultsMax);
  const shards = kept.filter((s) => after === undefined || s.shardId > after);
  const page = shards.slice(0, max);
  const more = shards.length > max;
  return {
    Shards: page.map(shardOutput),
    NextToken: more ? encodeToken(catalog.iteratorSecret, "list-shards", { stream: name, createdMs: stream.createdMs, after: page[page.length - 1]?.shardId } satisfies Partial<ListShardsToken>, ctx.now()) : undefined,
  };
}

const isOpen = (s: ShardView) => s.state === "OPEN" || s.state === "SEALING";

/** Open at a moment: created by then, and not closed before it. */
const openAt = (s: ShardView, ms: number) => s.createdMs <= ms && (isOpen(s) || s.sealedMs >= ms);

/**
 * ListShards' ShardFilter, as AWS documents it. A shard starts when it is
 * created and ends when it is sealed; the trim horizon is the oldest moment
 * still within retention (or the stream's creation, if later).
 */
function applyFilter(stream: StreamView, type: string, timestampMs: number | undefined, nowMs: number): ShardView[] {
  const shards = visibleShards(stream);
  const trimHorizonMs = Math.max(nowMs - stream.retentionHours * 3_600_000, stream.createdMs);
  switch (type) {
    case "AT_LATEST":
      return shards.filter(isOpen);
    case "AT_TRIM_HORIZON":
      return shards.filter((s) => openAt(s, trimHorizonMs));
    case "FROM_TRIM_HORIZON":
      return shards.filter((s) => isOpen(s) || s.sealedMs >= trimHorizonMs);
    case "AT_TIMESTAMP":
      return shards.filter((s) => openAt(s, timestampMs ?? nowMs));
    case "FROM_TIMESTAMP": {
      // A time before the trim horizon counts as the trim horizon.
      const from = Math.max(timestampMs ?? nowMs, trimHorizonMs);
      return shards.filter((s) => isOpen(s) || s.sealedMs >= from);
    }
    default:
      return shards; // AFTER_SHARD_ID: every shard, after the one named (applied by the caller)
  }
}
