/**
 * Scale: for streams of 1, 16, 256 and 1,024 shards, each on a fresh
 * three-node cluster, the time to create the stream (CreateStream until
 * ACTIVE), how long until every group sleeps (hibernation), idle CPU and
 * memory per node, and fsyncs per second per node under one fixed load (the
 * same records per second whatever the shard count).
 */
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { LocalBackend } from "@tributary/chaos";
import { NODE_NAMES, sleep, waitFor } from "@tributary/testkit";
import type { NodeName } from "@tributary/testkit";
import { cpuMeter, rssMiB } from "./process-stats.js";
import { kinesisClient } from "./targets.js";
import { createStream } from "./throughput.js";
import { now } from "./stats.js";


export interface ScaleRow {
  shards: number;
  createStreamMs: number;
  /** From ACTIVE until leaders were spread (a third of the groups per node) and every group on every node was asleep (null: not within the wait). */
  allAsleepMs: number | null;
  /** Groups asleep per node at the end of the idle period, of all it hosts ("1025/1025"). */
  asleepAtEnd: Record<string, string>;
  /** Percent of one core per node, with the stream idle: the first idleSeconds once every group is asleep. */
  idleCpuPercent: Record<string, number>;
  /** The same over the next settledSeconds (the leaders' spreading and the first retention passes behind them): the idle state. */
  settledIdleCpuPercent?: Record<string, number>;
  /** Resident memory per node (MiB) after the load. */
  rssMiB: Record<string, number>;
  /** Under the fixed load. */
  loadRecordsPerSecond: number;
  loadFailedRecords: number;
  fsyncsPerSecond: Record<string, number>;
  loadCpuPercent: Record<string, number>;
}

export interface ScaleReport {
  benchmark: "scale";
  startedAt: string;
  idleSeconds: number;
  /** The second idle window's length (absent in reports from before it was set apart: then idleSeconds). */
  settledSeconds?: number;
  loadSeconds: number;
  /** The fixed load: PutRecords calls per second × records per call × bytes per record, random partition keys. */
  load: { callsPerSecond: number; recordsPerCall: number; recordBytes: number };
  rows: ScaleRow[];
}

/** Per node: groups asleep, groups hosted, groups led. */
async function asleep(backend: LocalBackend): Promise<[number, number, number][]> {
  return Promise.all(
    NODE_NAMES.map(async (n) => {
      const groups = (await backend.status(n))?.groups ?? [];
      return [groups.filter((g) => g.asleep).length, groups.length, groups.filter((g) => g.state === "leader").length] as [number, number, number];
    }),
  );
}

async function syncWrites(backend: LocalBackend): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of NODE_NAMES) out[n] = (await backend.status(n))?.syncWrites ?? 0;
  return out;
}

export async function scaleBenchmark(shardCounts: readonly number[] = [1, 16, 256, 1024], idleSeconds = 10, loadSeconds = 10, settledSeconds = 30): Promise<ScaleReport> {
  const startedAt = new Date().toISOString();
  const load = { callsPerSecond: 20, recordsPerCall: 10, recordBytes: 100 };
  const rows: ScaleRow[] = [];
  for (const shards of shardCounts) {
    process.stdout.write(`${shards} shard${shards === 1 ? "" : "s"}\n`);
    const backend = new LocalBackend({ network: "loopback", gatewayArgs: ["--shard-limit", String(Math.max(500, shards * 2))] });
    await backend.start();
    const kinesis = kinesisClient(backend.endpoint, "h1");
    try {
      const createStreamMs = Math.round(await createStream(kinesis, "scale", shards, 600_000));
      process.stdout.write(`  CreateStream to ACTIVE: ${createStreamMs} ms\n`);
      // Leaders spread to their preferred nodes (a third of the groups each), then idle groups fall asleep.
      const active = now();
      const allAsleepMs = await waitFor("leaders spread and every group asleep", async () => ((await asleep(backend)).every(([a, all, led]) => a === all && led >= Math.floor(all / 3)) ? Math.round(now() - active) : undefined), 120_000, 250).catch(() => null);
      process.stdout.write(`  leaders spread and every group asleep: ${allAsleepMs === null ? "not within 120 s" : `${allAsleepMs} ms after ACTIVE`}\n`);
      const pids = new Map<string, number>(NODE_NAMES.map((n: NodeName) => [n, backend.pid(n) as number]));
      const idle = cpuMeter(pids);
      await sleep(idleSeconds * 1000);
      const idleCpuPercent = Object.fromEntries(idle());
      // A longer window for the idle state: a few percent of a core, read from
      // whole timer ticks, wants more than ten seconds to be steady.
      const settled = cpuMeter(pids);
      await sleep(settledSeconds * 1000);
      const settledIdleCpuPercent = Object.fromEntries(settled());
      const asleepAtEnd = Object.fromEntries((await asleep(backend)).map(([a, all], i) => [NODE_NAMES[i] as string, `${a}/${all}`]));
      process.stdout.write(`  idle CPU: ${JSON.stringify(idleCpuPercent)}, then ${JSON.stringify(settledIdleCpuPercent)}; groups asleep ${JSON.stringify(asleepAtEnd)}\n`);

      const before = await syncWrites(backend);
      const busy = cpuMeter(pids);
      const started = now();
      const payload = Buffer.alloc(load.recordBytes, 0x62);
      let records = 0;
      let failed = 0;
      const calls: Promise<void>[] = [];
      for (let i = 0; i < load.callsPerSecond * loadSeconds; i++) {
        const wait = started + (i * 1000) / load.callsPerSecond - now();
        if (wait > 0) await sleep(wait);
        const entries = Array.from({ length: load.recordsPerCall }, (_, j) => ({ PartitionKey: `k${i}-${j}-${Math.random()}`, Data: payload }));
        calls.push(
          kinesis.send(new PutRecordsCommand({ StreamName: "scale", Records: entries })).then(
            (res) => {
              records += load.recordsPerCall - (res.FailedRecordCount ?? 0);
              failed += res.FailedRecordCount ?? 0;
            },
            () => {
              failed += load.recordsPerCall;
            },
          ),
        );
      }
      await Promise.all(calls);
      const elapsed = (now() - started) / 1000;
      const after = await syncWrites(backend);
      const loadCpuPercent = Object.fromEntries(busy());
      const fsyncsPerSecond = Object.fromEntries(NODE_NAMES.map((n) => [n, Math.round((((after[n] ?? 0) - (before[n] ?? 0)) / elapsed) * 10) / 10]));
      const rss = Object.fromEntries(NODE_NAMES.map((n) => [n, rssMiB(backend.pid(n) as number) ?? 0]));
      process.stdout.write(`  under ${Math.round(records / elapsed)} records/s: fsyncs/s ${JSON.stringify(fsyncsPerSecond)}, memory MiB ${JSON.stringify(rss)}\n`);
      rows.push({ shards, createStreamMs, allAsleepMs, asleepAtEnd, idleCpuPercent, settledIdleCpuPercent, rssMiB: rss, loadRecordsPerSecond: Math.round(records / elapsed), loadFailedRecords: failed, fsyncsPerSecond, loadCpuPercent });
    } finally {
      kinesis.destroy();
      await backend.stop();
    }
  }
  return { benchmark: "scale", startedAt, idleSeconds, settledSeconds, loadSeconds, load, rows };
}

export function formatScale(r: ScaleReport): string {
  const per = (x: Record<string, number>) => NODE_NAMES.map((n) => x[n] ?? "—").join(" / ");
  const lines = [
    `Scale: fresh cluster per row; idle over ${r.idleSeconds} s, then ${r.settledSeconds ?? r.idleSeconds} s; fixed load ${r.load.callsPerSecond} PutRecords/s × ${r.load.recordsPerCall} records × ${r.load.recordBytes} B for ${r.loadSeconds} s (per node: az-a / az-b / az-c)`,
    "",
    `| shards | CreateStream → ACTIVE (ms) | spread and asleep after (ms) | idle CPU %, first ${r.idleSeconds} s | idle CPU %, next ${r.settledSeconds ?? r.idleSeconds} s | groups asleep | memory MiB | records/s | fsyncs/s | CPU % under load |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of r.rows) lines.push(`| ${row.shards} | ${row.createStreamMs} | ${row.allAsleepMs ?? "—"} | ${per(row.idleCpuPercent)} | ${row.settledIdleCpuPercent ? per(row.settledIdleCpuPercent) : "—"} | ${NODE_NAMES.map((n) => row.asleepAtEnd?.[n] ?? "—").join(" / ")} | ${per(row.rssMiB)} | ${row.loadRecordsPerSecond}${row.loadFailedRecords ? ` (${row.loadFailedRecords} failed)` : ""} | ${per(row.fsyncsPerSecond)} | ${per(row.loadCpuPercent)} |`);
  return lines.join("\n");
}
