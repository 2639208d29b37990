import { findConsumer } from "../consumers.js";
import { dryRunSucceeded, resourceInUse } from "../errors.js";
import { EventStreamReply } from "../event-stream.js";
import { startingPosition } from "../positions.js";
import { ShardSubscription, takenOver } from "../shard-subscription.js";
import { activeStream, findShard } from "../streams.js";
import type { ActionContext, Input } from "./context.js";

/** Starts a subscription: errors found before it begins are the call's answer; after that, events (shard-subscription.ts). */
export async function subscribeToShard(ctx: ActionContext, input: Input): Promise<unknown> {
  let catalog = await ctx.cluster.catalog();
  const named = { ConsumerARN: input.ConsumerARN };
  let found;
  try {
    found = findConsumer(catalog, named);
  } catch {
    catalog = await ctx.cluster.freshCatalog(); // registered or activated since the cached catalog
    found = findConsumer(catalog, named);
  }
  const { consumer } = found;
  const stream = activeStream(catalog, found.stream.name);
  if (consumer.status !== "CONSUMER_ACTIVE") {
    throw resourceInUse(`Consumer ${consumer.name} with creation timestamp ${Math.floor(Number(consumer.createdMs) / 1000)} under stream ${stream.name} and account ${catalog.accountId} is not in ACTIVE status.`);
  }
  const shard = findShard(catalog, stream, input.ShardId as string);
  const sp = input.StartingPosition as { Type: string; SequenceNumber?: string; Timestamp?: Date };
  const start = await startingPosition(ctx.cluster, catalog, stream, shard, { type: sp.Type, sequenceNumber: sp.SequenceNumber, timestamp: sp.Timestamp, nowMs: ctx.now() }, "SubscribeToShard", "StartingSequenceNumber");
  if (input.DryRun === true) {
    ctx.subscriptions.check(consumer.arn, shard.shardId, ctx.now());
    throw dryRunSucceeded();
  }
  const subscription = new ShardSubscription(ctx, {
    consumerArn: consumer.arn,
    consumerName: consumer.name,
    streamName: stream.name,
    streamCreatedMs: stream.createdMs,
    shard,
    start,
    lifetimeMs: ctx.subscriptionLifetimeMs,
  });
  const release = ctx.subscriptions.claim(consumer.arn, shard.shardId, ctx.now(), () => subscription.stop(takenOver(consumer.arn)));
  return new EventStreamReply(async (sink) => {
    try {
      await subscription.run(sink);
    } finally {
      release();
    }
  });
}
