/**
 * The catalog as the gateway reads it: the meta leader's catalog
 * (proto/catalog.proto) with streams in a Map, since stream names come from
 * clients and are never looked up in plain objects.
 */
import type { Catalog__Output, Shard__Output, Stream__Output } from "@tributary/protocol";
import type { TokenSecrets } from "./tokens.js";

export type ShardView = Shard__Output;

export interface StreamView extends Omit<Stream__Output, "tags"> {
  readonly tags: ReadonlyMap<string, string>;
}

export interface CatalogView {
  readonly clusterId: string;
  readonly region: string;
  readonly accountId: string;
  /** Signs new iterators and NextTokens. */
  readonly iteratorSecret: string;
  /** Verify them: the current secret and, after a rotation, the previous one for tokens issued before it. */
  readonly iteratorSecrets: TokenSecrets;
  readonly streams: ReadonlyMap<string, StreamView>;
  readonly billingCommitment: Catalog__Output["billingCommitment"];
  /** Whether any stream or consumer has a resource policy (most catalogs: none, and requests skip the check). */
  readonly hasResourcePolicies: boolean;
}

export function catalogView(c: Catalog__Output): CatalogView {
  return {
    clusterId: c.clusterId,
    region: c.region,
    accountId: c.accountId,
    iteratorSecret: c.iteratorSecret,
    iteratorSecrets: { current: c.iteratorSecret, previous: c.previousIteratorSecret, rotatedMs: Number(c.iteratorSecretRotatedMs) },
    billingCommitment: c.billingCommitment,
    hasResourcePolicies: c.streams.some((s) => s.resourcePolicy !== "" || s.consumers.some((cn) => cn.resourcePolicy !== "")),
    streams: new Map(c.streams.map((s) => [s.name, { ...s, tags: new Map(s.tags.map((t) => [t.key, t.value])) }])),
  };
}

/** The shards of a stream that take records (a SEALING one does until its seal commits). */
export function openShards(stream: StreamView): ShardView[] {
  return stream.shards.filter((sh) => sh.state === "OPEN" || sh.state === "SEALING");
}

/**
 * The shards that own their hash keys now: the open and sealing ones, and the
 * closed parents of a reshard under way (whose children wait for every
 * parent's seal). Exactly one owns each key: the shard a record goes to.
 */
export function owningShards(stream: StreamView): ShardView[] {
  const inTransition = new Set(stream.reshards.flatMap((r) => r.parents));
  return stream.shards.filter((sh) => sh.state === "OPEN" || sh.state === "SEALING" || (sh.state === "CLOSED" && inTransition.has(sh.shardId)));
}

/** The shards a client sees: all but the children a reshard is still preparing. */
export function visibleShards(stream: StreamView): ShardView[] {
  return stream.shards.filter((sh) => sh.state !== "PENDING");
}

/** Open shards in the account. */
export function openShardCount(catalog: CatalogView): number {
  let n = 0;
  for (const s of catalog.streams.values()) n += openShards(s).length;
  return n;
}

/** The children of a shard (its successors after a split or merge), as GetRecords names them at a closed shard's end. */
export function childShards(stream: StreamView, shardId: string): ShardView[] {
  return stream.shards.filter((sh) => sh.parentShardId === shardId || sh.adjacentParentShardId === shardId);
}
