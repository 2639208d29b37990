import { openShards } from "../catalog-view.js";
import { findStream, streamNameOf } from "../streams.js";
import type { ActionContext, Input } from "./context.js";
import { encryptionOf } from "./start-stream-encryption.js";
import { warmThroughputOf } from "./update-stream-warm-throughput.js";

export async function describeStreamSummary(ctx: ActionContext, input: Input): Promise<unknown> {
  const catalog = await ctx.cluster.freshCatalog();
  const stream = findStream(catalog, streamNameOf(input));
  return {
    StreamDescriptionSummary: {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: stream.status,
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdMs),
      EnhancedMonitoring: [{ ShardLevelMetrics: stream.shardLevelMetrics }],
      ...encryptionOf(stream),
      OpenShardCount: openShards(stream).length,
      ConsumerCount: stream.consumers.length,
      MaxRecordSizeInKiB: stream.maxRecordSizeKib,
      ...(stream.mode === "ON_DEMAND" ? { WarmThroughput: warmThroughputOf(stream) } : {}),
    },
  };
}
