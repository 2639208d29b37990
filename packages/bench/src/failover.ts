/**
 * Failover: under steady PutRecord load on every shard, SIGKILL the node
 * leading the most shards, and measure for each shard it led the time until
 * a write to that shard succeeds again; restart it, let leadership settle,
 * and repeat.
 */
import { ListShardsCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { nodeLeadingMost } from "@tributary/chaos";
import type { NodeName } from "@tributary/testkit";
import { sleep, waitFor } from "@tributary/testkit";
import { median } from "./stats.js";
import { now } from "./stats.js";
import { kinesisClient, startTributary } from "./targets.js";
import { createStream } from "./throughput.js";


export interface KillResult {
  kill: number;
  node: string;
  /** For each shard the node led: ms from the kill until a write to it succeeded again. */
  shards: { shard: string; writesBackAfterMs: number | null }[];
  /** The longest the whole cluster went without any acknowledged write, from the kill until every shard was back. */
  clusterGapMs: number;
  /** The longest any one shard went without an acknowledged write over the same span. */
  writeGapMs: number;
  /** When the kill came, ms from the start of the load. */
  atMs: number;
}

export interface FailoverReport {
  benchmark: "failover";
  startedAt: string;
  shards: number;
  writersPerShard: number;
  kills: KillResult[];
  /** Acknowledged writes per 100 ms from the start of the load (the kills are at KillResult.atMs). */
  acksPer100ms: number[];
  clusterGapMs: { median: number; max: number };
  writeGapMs: { median: number; max: number };
  shardRecoveryMs: { median: number; max: number };
  /** Before the first kill: elections (terms begun, over every group) during a span of load with no fault. Must be 0. */
  steady?: { seconds: number; elections: number; perMinute: number };
}

/** Every group's highest term as any node reports it. */
async function termsNow(backend: { status(node: NodeName): Promise<{ groups: { groupId: number | string; term: number | string }[] } | undefined> }): Promise<Map<number, number>> {
  const terms = new Map<number, number>();
  for (const node of ["az-a", "az-b", "az-c"] as NodeName[]) {
    for (const g of (await backend.status(node))?.groups ?? []) terms.set(Number(g.groupId), Math.max(terms.get(Number(g.groupId)) ?? 0, Number(g.term)));
  }
  return terms;
}

export async function failoverBenchmark(kills: number, shards = 8, writersPerShard = 2, steadySeconds = 30): Promise<FailoverReport> {
  const startedAt = new Date().toISOString();
  const target = await startTributary();
  const kinesis = kinesisClient(target.endpoint, "h2");
  const stream = "failover";
  const results: KillResult[] = [];
  const timeline: number[] = [];
  let steady = { seconds: steadySeconds, elections: 0, perMinute: 0 };
  let stop = false;
  try {
    await createStream(kinesis, stream, shards);
    const list = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    const acks = new Map<string, { sent: number; acked: number }[]>(list.map((s) => [s.ShardId as string, []]));
    const payload = Buffer.alloc(1024, 0x61);
    const loadStarted = now();
    const writers = list.flatMap((s) =>
      Array.from({ length: writersPerShard }, async () => {
        const shard = s.ShardId as string;
        const explicitHashKey = s.HashKeyRange?.StartingHashKey as string;
        while (!stop) {
          const sent = now();
          try {
            await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "k", ExplicitHashKey: explicitHashKey, Data: payload }));
            const acked = now();
            acks.get(shard)?.push({ sent, acked });
            const bucket = Math.floor((acked - loadStarted) / 100);
            timeline[bucket] = (timeline[bucket] ?? 0) + 1;
          } catch {
            await sleep(20);
          }
        }
      }),
    );
    await sleep(3_000);
    const before = await termsNow(target.backend);
    await sleep(steadySeconds * 1_000);
    const after = await termsNow(target.backend);
    let elections = 0;
    for (const [group, term] of after) elections += term - (before.get(group) ?? term);
    steady = { seconds: steadySeconds, elections, perMinute: Math.round((elections / steadySeconds) * 60 * 100) / 100 };
    process.stdout.write(`  ${steadySeconds} s of load with no fault: ${elections} elections\n`);
    for (let k = 1; k <= kills; k++) {
      const node = (await nodeLeadingMost(target.backend)) as NodeName;
      const status = await target.backend.status(node);
      const led = new Set(status?.groups.filter((g) => g.state === "leader" && g.groupId !== 0).map((g) => g.groupId));
      const shardsOfStream = (await target.backend.catalog()).streams.find((s) => s.name === stream)?.shards ?? [];
      const affected = shardsOfStream.filter((s) => led.has(s.groupId)).map((s) => s.shardId);
      await target.backend.kill(node);
      const killedAt = now();
      process.stdout.write(`  kill ${k}/${kills}: ${node} (led ${affected.length} of ${shards} shards)\n`);
      const backAfter = (shard: string) => {
        const first = acks.get(shard)?.find((a) => a.sent >= killedAt);
        return first === undefined ? undefined : first.acked - killedAt;
      };
      await waitFor("writes to every shard", () => affected.every((s) => backAfter(s) !== undefined), 30_000, 20).catch(() => undefined);
      const until = now();
      const longestGap = (times: number[]) => {
        let longest = 0;
        let previous = killedAt;
        for (const t of times.filter((x) => x >= killedAt && x <= until).sort((a, b) => a - b)) {
          longest = Math.max(longest, t - previous);
          previous = t;
        }
        return Math.max(longest, until - previous);
      };
      const gaps = [...acks.values()].map((times) => longestGap(times.map((a) => a.acked)));
      const clusterGap = longestGap([...acks.values()].flatMap((times) => times.map((a) => a.acked)));
      const result: KillResult = {
        kill: k,
        node,
        shards: affected.map((shard) => ({ shard, writesBackAfterMs: backAfter(shard) === undefined ? null : Math.round(backAfter(shard) as number) })),
        clusterGapMs: Math.round(clusterGap),
        writeGapMs: Math.round(Math.max(...gaps)),
        atMs: Math.round(killedAt - loadStarted),
      };
      results.push(result);
      process.stdout.write(`    writes back after ${result.shards.map((s) => `${s.writesBackAfterMs ?? "—"} ms`).join(", ")}; longest gap: cluster ${result.clusterGapMs} ms, worst shard ${result.writeGapMs} ms\n`);
      await target.backend.restart(node);
      // Let it catch up and take its preferred leaderships back before the next kill.
      await waitFor(`${node} to lead again`, async () => ((await target.backend.status(node))?.groups.filter((g) => g.state === "leader").length ?? 0) > 0, 30_000, 200).catch(() => undefined);
      await sleep(3_000);
    }
  } finally {
    stop = true;
    await sleep(200);
    kinesis.destroy();
    await target.stop();
  }
  const recoveries = results.flatMap((r) => r.shards.map((s) => s.writesBackAfterMs ?? Number.POSITIVE_INFINITY));
  const gaps = results.map((r) => r.writeGapMs);
  const clusterGaps = results.map((r) => r.clusterGapMs);
  return {
    benchmark: "failover",
    startedAt,
    shards,
    writersPerShard,
    kills: results,
    acksPer100ms: Array.from(timeline, (x) => x ?? 0),
    clusterGapMs: { median: Math.round(median(clusterGaps)), max: Math.max(...clusterGaps) },
    writeGapMs: { median: Math.round(median(gaps)), max: Math.max(...gaps) },
    shardRecoveryMs: { median: Math.round(median(recoveries)), max: Math.max(...recoveries) },
    steady,
  };
}

export function formatFailover(r: FailoverReport): string {
  const lines = [
    `Failover: SIGKILL of the node leading the most shards, ${r.shards} shards, ${r.writersPerShard} PutRecord writers per shard`,
    "",
    "| kill | node | shards it led: writes back after (ms) | cluster-wide write gap (ms) | worst shard's write gap (ms) |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const k of r.kills) lines.push(`| ${k.kill} | ${k.node} | ${k.shards.map((s) => s.writesBackAfterMs ?? "—").join(", ")} | ${k.clusterGapMs} | ${k.writeGapMs} |`);
  lines.push(
    "",
    `elections during ${r.steady?.seconds ?? 0} s of load with no fault: ${r.steady?.elections ?? "—"} (${r.steady?.perMinute ?? "—"} per minute)`,
    `cluster-wide write gap: median ${r.clusterGapMs.median} ms, max ${r.clusterGapMs.max} ms; worst shard's gap: median ${r.writeGapMs.median} ms, max ${r.writeGapMs.max} ms; an affected shard's writes back after: median ${r.shardRecoveryMs.median} ms, max ${r.shardRecoveryMs.max} ms`,
  );
  return lines.join("\n");
}
