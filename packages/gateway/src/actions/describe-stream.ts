import * as limits from "../limits.js";
import { visibleShards } from "../catalog-view.js";
import { findStream, shardOutput, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { encryptionOf } from "./start-stream-encryption.js";

export async function describeStream(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, streamNameOf(input));
  const limit = Math.min(input.Limit ?? limits.describeStreamShardsMax, limits.describeStreamShardsMax);
  const after = input.ExclusiveStartShardId as string | undefined;
  const shards = visibleShards(stream).filter((s) => after === undefined || s.shardId > after);
  return {
    StreamDescription: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: stream.status,
      StreamModeDetails: { StreamMode: stream.mode },
      Shards: shards.slice(0, limit).map(shardOutput),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdMs),
      EnhancedMonitoring: [{ ShardLevelMetrics: stream.shardLevelMetrics }],
      ...encryptionOf(stream),
    },
  };
}
