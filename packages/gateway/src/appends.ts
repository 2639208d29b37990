/**
 * Records to a stream, routed by hash key: each shard's slice goes to its
 * leader as one append, all slices at once. A slice that a split or merge
 * turned away (SHARD_CLOSED: the shard is sealed; SHARD_NOT_OPEN: its
 * children are not open yet) was certainly not stored, so its records are
 * routed again by the catalog as it is then, until the deadline: a write
 * that races a reshard lands in the child that owns its key, once. So is a
 * slice that no node hosts (GROUP_NOT_HOSTED: nodes restarting): it waits
 * for them, or learns that the stream was deleted.
 */
import type { Failure__Output } from "@tributary/protocol";
import type { ShardView, StreamView } from "./catalog-view.js";
import type { ClusterClient } from "./cluster-client.js";
import * as limits from "./limits.js";
import { recordSequenceNumber, shardForHashKey } from "./streams.js";
import type { ShardThroughput } from "./throughput.js";

export interface RoutedRecord {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly hashKey: bigint;
}

export type RecordOutcome = { readonly ok: true; readonly sequenceNumber: string; readonly shardId: string; readonly encrypted: boolean } | { readonly ok: false; readonly failure: Failure__Output; readonly shardId: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Certainly not stored, and worth routing again by a fresh catalog: the shard was resharded, or no node hosts its group (a node starting, or the stream deleted). */
const routeAgain = (f: Failure__Output) => f.code === "SHARD_CLOSED" || f.code === "SHARD_NOT_OPEN" || f.code === "GROUP_NOT_HOSTED";

/** A record refused by its shard's write throughput (AWS's ProvisionedThroughputExceededException). */
const rateExceeded: Failure__Output = { code: "OVERLOADED", detail: "the shard's write throughput was exceeded", current: 0, limit: 0, limitLow: 0, rule: "throughput" };

/**
 * Appends records to their shards; one outcome per record, in request order.
 * Each record first takes its room in its shard's write throughput; one that
 * finds none fails alone, as on Kinesis.
 */
export async function appendRecords(cluster: ClusterClient, stream: StreamView, records: readonly RoutedRecord[], throughput?: ShardThroughput): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = new Array(records.length);
  const deadline = Date.now() + limits.appendDeadlineMs;
  let pending = records.map((_, i) => i);
  let view = stream;
  for (let round = 0; pending.length > 0; round++) {
    const byShard = new Map<ShardView, number[]>();
    for (const i of pending) {
      const record = records[i] as RoutedRecord;
      const shard = shardForHashKey(view, record.hashKey);
      // Charged once, on the first routing: a record routed again after a reshard was charged already.
      if (round === 0 && throughput && !throughput.takeWrite(shard.groupId, record.data.byteLength + Buffer.byteLength(record.partitionKey))) {
        outcomes[i] = { ok: false, failure: rateExceeded, shardId: shard.shardId };
        continue;
      }
      const list = byShard.get(shard) ?? [];
      list.push(i);
      byShard.set(shard, list);
    }
    const again: number[] = [];
    await Promise.all(
      [...byShard].map(async ([shard, indexes]) => {
        const result = await cluster.append(
          shard.groupId,
          indexes.map((i) => ({ data: (records[i] as RoutedRecord).data, partitionKey: (records[i] as RoutedRecord).partitionKey })),
          Math.max(deadline - Date.now(), 1),
        );
        indexes.forEach((i, k) => {
          if (result.ok) outcomes[i] = { ok: true, sequenceNumber: recordSequenceNumber(shard, result.index, result.firstOffset + k, result.arrivalMs), shardId: shard.shardId, encrypted: result.encrypted };
          else if (routeAgain(result.failure) && Date.now() < deadline) again.push(i);
          else outcomes[i] = { ok: false, failure: result.failure, shardId: shard.shardId };
        });
      }),
    );
    pending = again.sort((a, b) => a - b);
    if (pending.length === 0) break;
    // The catalog moves on once the seal is recorded: look again, after a breath if nothing changed.
    if (round > 0) await sleep(Math.min(10 * round, 100));
    const fresh = (await cluster.freshCatalog()).streams.get(stream.name);
    if (!fresh || fresh.createdMs !== stream.createdMs) {
      for (const i of pending) outcomes[i] = { ok: false, failure: { code: "STREAM_NOT_FOUND", detail: "the stream was deleted", current: 0, limit: 0, limitLow: 0, rule: "" }, shardId: "" };
      break;
    }
    view = fresh;
  }
  return outcomes;
}
