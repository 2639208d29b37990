/**
 * A subscription to a shard on this replica: the committed records from a
 * position, pushed as they are applied. Each batch is read only once the
 * previous one was taken, so a slow subscriber holds one batch of memory and
 * simply reads from further back (the log's memory, then the store) when it
 * pulls again; it never holds back the shard or another subscriber. With
 * nothing new, an empty batch goes out every heartbeat. It ends after the
 * batch that reaches a closed shard's end, when the subscriber goes
 * (`signal`), or with a failure: the group left this node, or this replica
 * lost its leader and may be behind (the gateway continues elsewhere from
 * the last record it passed on).
 */
import type { Clock } from "./clock.js";
import type { SubscribeResponse } from "@tributary/protocol";
import * as limits from "./limits.js";
import type { ShardGroup } from "./shard-group.js";

export async function* subscription(shard: ShardGroup, from: { index: number; offset: number }, maxBytes: number, clock: Clock, signal: AbortSignal): AsyncGenerator<SubscribeResponse> {
  let index = from.index;
  let offset = from.offset;
  let lastSentMs = Number.NEGATIVE_INFINITY;
  while (!signal.aborted) {
    if (!shard.open) {
      yield { failure: { code: "GROUP_NOT_HOSTED", detail: `shard group ${shard.id} left this node` } };
      return;
    }
    if (!shard.inTouchWithLeader(clock.now())) {
      yield { failure: { code: "REPLICA_BEHIND", detail: `this replica of group ${shard.id} is out of touch with its leader` } };
      return;
    }
    const batch = await shard.read(index, offset, limits.subscribeBatchRecordsMax, maxBytes);
    if (signal.aborted) return;
    if (batch.records.length > 0 || batch.endOfShard || clock.now() - lastSentMs >= limits.subscribeHeartbeatMs) {
      yield { batch };
      lastSentMs = clock.now();
      if (batch.endOfShard) return;
    }
    const advanced = batch.nextIndex !== index || batch.nextOffset !== offset;
    index = batch.nextIndex;
    offset = batch.nextOffset;
    // Caught up: wait for the next applied entry (or the next heartbeat).
    if (!advanced || batch.nextIndex > batch.appliedIndex) await shard.appliedPast(batch.appliedIndex, Math.max(1, lastSentMs + limits.subscribeHeartbeatMs - clock.now()), signal);
  }
}
