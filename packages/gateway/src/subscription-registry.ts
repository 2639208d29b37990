/**
 * The subscriptions this gateway serves, one per consumer and shard: a second
 * SubscribeToShard for the same pair within 5 seconds of the first is
 * refused with ResourceInUseException; after that it takes the first one's
 * place, which ends. Bounded in number.
 */
import { limitExceeded, resourceInUse } from "./errors.js";
import * as limits from "./limits.js";

interface Active {
  readonly startedMs: number;
  readonly end: () => void;
}

export class SubscriptionRegistry {
  private readonly active = new Map<string, Active>();

  get size(): number {
    return this.active.size;
  }

  /** Throws what `claim` would refuse with, changing nothing (a DryRun's check). */
  check(consumerArn: string, shardId: string, nowMs: number): void {
    const current = this.active.get(`${consumerArn} ${shardId}`);
    if (current && nowMs - current.startedMs < limits.subscriptionTakeoverMs) {
      throw resourceInUse(`Another active subscription exists for this consumer: ${consumerArn} on shard ${shardId}. Subscribe again ${limits.subscriptionTakeoverMs / 1000} seconds after the last subscription began to take its place.`);
    }
    if (!current && this.active.size >= limits.subscriptionsPerGatewayMax) throw limitExceeded(`This gateway serves ${this.active.size} subscriptions, its limit; try again later.`);
  }

  /** Registers a subscription (`end` stops it); returns the function that releases it once it is over. */
  claim(consumerArn: string, shardId: string, nowMs: number, end: () => void): () => void {
    const key = `${consumerArn} ${shardId}`;
    const current = this.active.get(key);
    this.check(consumerArn, shardId, nowMs);
    current?.end();
    const mine: Active = { startedMs: nowMs, end };
    this.active.set(key, mine);
    return () => {
      if (this.active.get(key) === mine) this.active.delete(key);
    };
  }
}
