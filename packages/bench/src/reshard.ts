/**
 * Resharding under load: writers put records to every shard, one PutRecord
 * at a time each, while the widest open shard is split, again and again.
 * For each split: the time from the SplitShard call to the stream being
 * ACTIVE, and the longest time the parent's hash keys went without an
 * acknowledged write (the write gap producers see).
 */
import { DescribeStreamSummaryCommand, ListShardsCommand, PutRecordCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import type { Shard } from "@aws-sdk/client-kinesis";
import { sleep, waitFor } from "@tributary/testkit";
import { median, now } from "./stats.js";
import { kinesisClient, startTributary } from "./targets.js";
import { createStream } from "./throughput.js";

export interface SplitResult {
  split: number;
  shard: string;
  /** SplitShard call to ACTIVE. */
  activeAfterMs: number;
  /** The longest stretch without an acknowledged write to the parent's hash keys, around the split. */
  writeGapMs: number;
  /** Acknowledged writes to the parent's hash keys during the window measured. */
  writesInWindow: number;
}

export interface ReshardReport {
  splits: SplitResult[];
  activeAfterMs: { p50: number; max: number };
  writeGapMs: { p50: number; max: number };
  writers: number;
}

/** Writers per hash key region: each puts one record at a time to keys spread over the whole key space. */
const writers = 32;

export async function reshardBenchmark(splits: number): Promise<ReshardReport> {
  const target = await startTributary(["--log-level", "warn"]);
  const kinesis = kinesisClient(target.endpoint, "h1");
  const stream = "reshard";
  const acks: { key: bigint; at: number }[] = [];
  let stop = false;
  try {
    await createStream(kinesis, stream, 2);
    const space = 1n << 128n;
    const loops = Array.from({ length: writers }, async (_, w) => {
      const key = (space * BigInt(w)) / BigInt(writers) + 7n;
      for (let i = 0; i < 1_000_000 && !stop; i++) {
        const res = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "k", ExplicitHashKey: key.toString(), Data: Buffer.from(`${w}:${i}`) })).catch(() => undefined);
        if (res) acks.push({ key, at: now() });
        else await sleep(20);
      }
    });
    await sleep(3_000);
    const results: SplitResult[] = [];
    for (let k = 1; k <= splits; k++) {
      const open = ((await kinesis.send(new ListShardsCommand({ StreamName: stream, ShardFilter: { Type: "AT_LATEST" } }))).Shards ?? []) as Shard[];
      const width = (s: Shard) => BigInt(s.HashKeyRange?.EndingHashKey ?? "0") - BigInt(s.HashKeyRange?.StartingHashKey ?? "0");
      const widest = open.reduce((a, b) => (width(b) > width(a) ? b : a));
      const start = BigInt(widest.HashKeyRange?.StartingHashKey ?? "0");
      const end = BigInt(widest.HashKeyRange?.EndingHashKey ?? "0");
      const t0 = now();
      await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: widest.ShardId, NewStartingHashKey: (start + (end - start) / 2n).toString() }));
      await waitFor("ACTIVE", async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000, 10);
      const activeAfterMs = now() - t0;
      await sleep(1_000);
      const until = now();
      // The parent's keys: the longest stretch without an acknowledgement, from just before the split to a second after ACTIVE.
      const times = acks.filter((a) => a.key >= start && a.key <= end && a.at >= t0 - 500 && a.at <= until).map((a) => a.at).sort((a, b) => a - b);
      let gap = 0;
      for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] as number) - (times[i - 1] as number));
      results.push({ split: k, shard: widest.ShardId as string, activeAfterMs: Math.round(activeAfterMs), writeGapMs: Math.round(gap), writesInWindow: times.length });
      process.stdout.write(`  split ${k}/${splits}: ${widest.ShardId} ACTIVE after ${Math.round(activeAfterMs)} ms; write gap on its keys ${Math.round(gap)} ms (${times.length} writes in the window)\n`);
      await sleep(1_000);
    }
    stop = true;
    await Promise.all(loops);
    const active = results.map((r) => r.activeAfterMs);
    const gaps = results.map((r) => r.writeGapMs);
    return { splits: results, activeAfterMs: { p50: median(active), max: Math.max(...active) }, writeGapMs: { p50: median(gaps), max: Math.max(...gaps) }, writers };
  } finally {
    stop = true;
    kinesis.destroy();
    await target.stop();
  }
}

export function formatReshard(r: ReshardReport): string {
  return [
    `resharding: ${r.splits.length} splits under load (${r.writers} PutRecord writers over the key space)`,
    "| measure | p50 | max |",
    "| --- | --- | --- |",
    `| SplitShard to ACTIVE (ms) | ${r.activeAfterMs.p50} | ${r.activeAfterMs.max} |`,
    `| write gap on the parent's keys (ms) | ${r.writeGapMs.p50} | ${r.writeGapMs.max} |`,
  ].join("\n");
}
