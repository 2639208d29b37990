/**
 * The meta leader's side of resharding, run each maintenance round:
 *
 * - every SEALING shard is sealed through its leader, and the seal recorded
 *   in the catalog (ShardSealed), which opens the children;
 * - a stream with a target shard count (UpdateShardCount) is brought there,
 *   split by split and merge by merge (hash-keys.ts plans the steps);
 * - an ON_DEMAND stream scales itself: a shard whose write rate stays above
 *   the split threshold for a whole window is split in two, two neighbours
 *   that both stay below the merge threshold are merged;
 * - a CLOSED shard whose records are all past retention is dropped.
 *
 * Every step is an idempotent catalog command derived from the catalog as it
 * is, so a new meta leader simply goes on where the last one stopped.
 */
import type { Logger } from "pino";
import type { CatalogCommand, PeerApiCaller, SealResponse__Output } from "@tributary/protocol";
import type { ShardRecord, StreamRecord } from "./catalog.js";
import { openShards } from "./catalog.js";
import type { Clock } from "./clock.js";
import type { ScalingConfig } from "./config.js";
import { scalingSteps } from "./hash-keys.js";
import { parseReplicaId } from "./ids.js";
import * as limits from "./limits.js";
import type { MetaGroup } from "./meta-group.js";
import type { ShardGroup } from "./shard-group.js";

export interface ResharderContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly scaling: ScalingConfig;
  /** Added to the clock retention compares with (tests of retention only). */
  readonly clockSkewMs: number;
  meta(): MetaGroup;
  shard(group: number): ShardGroup | undefined;
  peer(node: string): PeerApiCaller;
}

/** What a shard took in, sampled each round: its write rate over the window. */
interface Sample {
  readonly atMs: number;
  readonly records: number;
  readonly bytes: number;
}

export class Resharder {
  /** Steps under way (a seal, a catalog proposal), by what they are about, so none is started twice. */
  private readonly underWay = new Set<string>();
  private readonly samples = new Map<number, Sample[]>();
  /** When each on-demand stream last scaled itself: it waits a window before scaling again. */
  private readonly lastScaledMs = new Map<string, number>();

  constructor(private readonly ctx: ResharderContext) {}

  round(now: number): void {
    const meta = this.ctx.meta();
    if (!meta.isLeader()) {
      this.samples.clear();
      return;
    }
    const live = new Set<number>();
    for (const stream of meta.catalog.streams.values()) {
      if (stream.status === "CREATING" || stream.status === "DELETING") continue;
      for (const shard of stream.shards) {
        live.add(shard.groupId);
        if (shard.state === "SEALING") this.seal(stream, shard);
        if (shard.state === "CLOSED" && shard.sealedMs + stream.retentionHours * 3_600_000 < now + this.ctx.clockSkewMs) this.propose(`drop:${shard.groupId}`, { dropShard: { name: stream.name, shardId: shard.shardId } });
      }
      if (stream.targetShardCount > 0 && stream.reshards.length === 0) this.scaleToTarget(stream, now);
      if (stream.mode === "ON_DEMAND") this.scaleOnDemand(stream, now);
    }
    for (const group of this.samples.keys()) if (!live.has(group)) this.samples.delete(group);
  }

  /** Runs `step` unless one about `key` is under way (bounded in number). */
  private start(key: string, step: () => Promise<void>): void {
    if (this.underWay.has(key) || this.underWay.size >= limits.reshardStepsInFlightMax) return;
    this.underWay.add(key);
    step()
      .catch((err: unknown) => this.ctx.log.warn({ step: key, err: (err as Error).message }, "resharding step failed; it is tried again"))
      .finally(() => this.underWay.delete(key));
  }

  private propose(key: string, command: CatalogCommand): void {
    this.start(key, async () => {
      const outcome = await this.ctx.meta().propose(command);
      if ("notLeader" in outcome) return;
      if (!outcome.ok) this.ctx.log.info({ step: key, code: outcome.failure.code, detail: outcome.failure.detail }, "resharding step refused");
    });
  }

  /**
   * Asks the shard's leader to seal it, then records the seal in the
   * catalog. Not before every child of its reshard has a leader: from the
   * seal on, the parent's keys are written to the children, and a child
   * still electing its first leader would hold those writes up.
   */
  private seal(stream: StreamRecord, shard: ShardRecord): void {
    const reshard = stream.reshards.find((r) => r.parents.includes(shard.shardId));
    const children = stream.shards.filter((s) => reshard?.children.includes(s.shardId));
    if (children.some((c) => !this.ctx.shard(c.groupId)?.lead)) return;
    this.start(`seal:${shard.groupId}`, async () => {
      const group = this.ctx.shard(shard.groupId);
      if (!group || !group.lead) return; // no leader known yet: next round
      let sealed: SealResponse__Output["ok"] | undefined;
      if (group.isLeader()) {
        const outcome = await group.seal();
        if (outcome.kind === "ok") sealed = { sealIndex: outcome.sealIndex, endingSequenceNumber: outcome.endingSequenceNumber, sealedMs: outcome.sealedMs };
      } else {
        const res = await this.ctx.peer(parseReplicaId(group.lead).node).seal({ groupId: shard.groupId }, limits.appendTimeoutMs);
        sealed = res.ok ?? undefined;
      }
      if (!sealed) return;
      this.ctx.log.info({ stream: stream.name, shard: shard.shardId, sealIndex: sealed.sealIndex }, "shard sealed; recording it");
      await this.ctx.meta().propose({ shardSealed: { name: stream.name, shardId: shard.shardId, sealIndex: sealed.sealIndex, endingSequenceNumber: sealed.endingSequenceNumber, sealedMs: sealed.sealedMs } });
    });
  }

  /** The next splits or merges toward an even split into the target count, or the end of the scaling. */
  private scaleToTarget(stream: StreamRecord, now: number): void {
    const open = openShards(stream).map((s) => ({ shardId: s.shardId, start: BigInt(s.startingHashKey), end: BigInt(s.endingHashKey) }));
    const steps = scalingSteps(open, stream.targetShardCount);
    if (steps.length === 0) {
      this.ctx.log.info({ stream: stream.name, shards: open.length }, "scaled to the target shard count");
      this.propose(`scale:${stream.name}`, { finishScaling: { name: stream.name } });
      return;
    }
    for (const step of steps.slice(0, limits.scalingStepsPerRoundMax)) {
      if ("split" in step) this.propose(`split:${stream.name}:${step.split}`, { splitShard: { name: stream.name, shardId: step.split, newStartingHashKey: step.at.toString(), nowMs: now, internal: true } });
      else this.propose(`merge:${stream.name}:${step.merge[0]}`, { mergeShards: { name: stream.name, shardId: step.merge[0], adjacentShardId: step.merge[1], nowMs: now, internal: true } });
    }
  }

  /** The write rate of a shard over the whole window, or undefined while the window is not full. */
  private rate(group: ShardGroup, now: number): { records: number; bytes: number } | undefined {
    const window = this.ctx.scaling.windowMs;
    const list = this.samples.get(group.id) ?? [];
    list.push({ atMs: now, records: group.recordsApplied, bytes: group.bytesApplied });
    while (list.length > 2 && (list[1] as Sample).atMs <= now - window) list.shift();
    this.samples.set(group.id, list);
    const first = list[0] as Sample;
    if (now - first.atMs < window) return undefined;
    const seconds = (now - first.atMs) / 1000;
    return { records: (group.recordsApplied - first.records) / seconds, bytes: (group.bytesApplied - first.bytes) / seconds };
  }

  /** Splits a shard that stays hot, or merges two neighbours that stay cold; one step at a time per stream. */
  private scaleOnDemand(stream: StreamRecord, now: number): void {
    const { scaling } = this.ctx;
    const open = openShards(stream).sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
    const rates = open.map((s) => {
      const g = this.ctx.shard(s.groupId);
      return g ? this.rate(g, now) : undefined;
    });
    if (stream.status !== "ACTIVE" || now - (this.lastScaledMs.get(stream.name) ?? 0) < scaling.windowMs) return;
    const hot = open.findIndex((_, i) => {
      const r = rates[i];
      return r !== undefined && (r.records > scaling.splitRecordsPerSecond || r.bytes > scaling.splitBytesPerSecond);
    });
    if (hot >= 0) {
      const s = open[hot] as ShardRecord;
      const start = BigInt(s.startingHashKey);
      const middle = start + (BigInt(s.endingHashKey) - start + 1n) / 2n;
      this.ctx.log.info({ stream: stream.name, shard: s.shardId, recordsPerSecond: rates[hot]?.records, bytesPerSecond: rates[hot]?.bytes }, "on-demand scaling: splitting a hot shard");
      this.lastScaledMs.set(stream.name, now);
      this.propose(`split:${stream.name}:${s.shardId}`, { splitShard: { name: stream.name, shardId: s.shardId, newStartingHashKey: middle.toString(), nowMs: now, internal: true } });
      return;
    }
    if (open.length <= scaling.shardsMin) return;
    const cold = (i: number) => {
      const r = rates[i];
      return r !== undefined && r.records < scaling.mergeRecordsPerSecond && r.bytes < scaling.mergeBytesPerSecond;
    };
    for (let i = 0; i + 1 < open.length; i++) {
      if (!cold(i) || !cold(i + 1)) continue;
      const [a, b] = [open[i] as ShardRecord, open[i + 1] as ShardRecord];
      this.ctx.log.info({ stream: stream.name, shards: [a.shardId, b.shardId] }, "on-demand scaling: merging two cold shards");
      this.lastScaledMs.set(stream.name, now);
      this.propose(`merge:${stream.name}:${a.shardId}`, { mergeShards: { name: stream.name, shardId: a.shardId, adjacentShardId: b.shardId, nowMs: now, internal: true } });
      return;
    }
  }
}
