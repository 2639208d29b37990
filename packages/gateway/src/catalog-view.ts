/**
 * The catalog as the gateway reads it: the meta leader's catalog
 * (proto/catalog.proto) with streams in a Map, since stream names come from
 * clients and are never looked up in plain objects.
 */
import type { Catalog__Output, Shard__Output, Stream__Output } from "@tributary/protocol";

export type ShardView = Shard__Output;

export interface StreamView extends Omit<Stream__Output, "tags"> {
  readonly tags: ReadonlyMap<string, string>;
}

export interface CatalogView {
  readonly clusterId: string;
  readonly region: string;
  readonly accountId: string;
  readonly iteratorSecret: string;
  readonly streams: ReadonlyMap<string, StreamView>;
}

export function catalogView(c: Catalog__Output): CatalogView {
  return {
    clusterId: c.clusterId,
    region: c.region,
    accountId: c.accountId,
    iteratorSecret: c.iteratorSecret,
    streams: new Map(c.streams.map((s) => [s.name, { ...s, tags: new Map(s.tags.map((t) => [t.key, t.value])) }])),
  };
}

/** Open shards in the account. */
export function openShardCount(catalog: CatalogView): number {
  let n = 0;
  for (const s of catalog.streams.values()) n += s.shards.length;
  return n;
}
