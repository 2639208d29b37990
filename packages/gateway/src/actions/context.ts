import type { Logger } from "pino";
import type { ClusterClient, ProposeResult } from "../cluster-client.js";
import type { FailureContext } from "../node-failures.js";
import { kinesisErrorOf } from "../node-failures.js";
import type { GatewayMetrics } from "../metrics.js";
import type { ShardThroughput } from "../throughput.js";
import type { SubscriptionRegistry } from "../subscription-registry.js";
import type { CatalogView } from "../catalog-view.js";
import type { TokenCheck, TokenKind } from "../tokens.js";
import { decodeToken } from "../tokens.js";

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
 * Checks a token with the secrets of the catalog kept here and, if they do not
 * verify it, once more with the meta leader's catalog: this gateway may not
 * have seen a rotation of the secret yet. Returns the catalog it checked with.
 */
export async function checkToken<T>(ctx: ActionContext, kind: TokenKind, token: string, lifetimeMs: number): Promise<{ catalog: CatalogView; check: TokenCheck<T> }> {
  const catalog = await ctx.cluster.catalog();
  const check = decodeToken<T>(catalog.iteratorSecrets, kind, token, lifetimeMs, ctx.now());
  if (check.ok || check.reason === "expired") return { catalog, check };
  const fresh = await ctx.cluster.freshCatalog();
  return fresh.iteratorSecrets.current === catalog.iteratorSecrets.current ? { catalog: fresh, check } : { catalog: fresh, check: decodeToken<T>(fresh.iteratorSecrets, kind, token, lifetimeMs, ctx.now()) };
}

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
