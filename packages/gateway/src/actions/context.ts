import type { Logger } from "pino";
import type { ClusterClient, ProposeResult } from "../cluster-client.js";
import type { FailureContext } from "../node-failures.js";
import { kinesisErrorOf } from "../node-failures.js";
import type { GatewayMetrics } from "../metrics.js";
import type { ShardThroughput } from "../throughput.js";
import type { SubscriptionRegistry } from "../subscription-registry.js";

export interface ActionContext {
  readonly cluster: ClusterClient;
  readonly log: Logger;
  readonly now: () => number;
  /** Open shards allowed in the account. */
  readonly shardLimit: number;
  /** The SubscribeToShard calls this gateway serves. */
  readonly subscriptions: SubscriptionRegistry;
  /** How long a subscription lasts. */
  readonly subscriptionLifetimeMs: number;
  readonly metrics: GatewayMetrics;
  /** Per-shard throughput limits (off when the gateway runs without them). */
  readonly throughput: ShardThroughput;
}

/** Validated input: the model's member names, blobs as Uint8Array, timestamps as Date. */
export type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Action = (ctx: ActionContext, input: Input) => Promise<unknown>;

/**
 * Proposes a catalog command for a request about a stream; a failure becomes
 * the Kinesis error AWS gives (the account and the stream's state come from
 * the catalog as it is after the refusal).
 */
export async function proposeOrThrow(ctx: ActionContext, command: Parameters<ClusterClient["propose"]>[0], about: Omit<FailureContext, "accountId" | "status">): Promise<ProposeResult & { ok: true }> {
  const result = await ctx.cluster.propose(command);
  if (result.ok) return result;
  const catalog = await ctx.cluster.freshCatalog();
  const stream = about.stream !== undefined ? catalog.streams.get(about.stream) : undefined;
  throw kinesisErrorOf(result.failure, { region: catalog.region, ...about, accountId: catalog.accountId, ...(stream ? { status: stream.status, streamArn: stream.arn } : {}) });
}
