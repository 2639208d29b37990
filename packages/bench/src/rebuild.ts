/**
 * Rebuilding a wiped node: a stream is filled to a given size, one node is
 * killed and its data directory deleted, and it is started again empty. It
 * joins as a new incarnation; the leaders replace its old replicas and it
 * catches up (each shard's records fetched from a peer, then the log). The
 * time from its start until every shard's replica on it has applied what the
 * leaders had committed, the bytes its data directory then holds, and the
 * rate.
 */
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LevelKeyValueStore } from "@tributary/storage";
import { LocalBackend } from "@tributary/chaos";
import { NODE_NAMES, waitFor } from "@tributary/testkit";
import type { NodeName } from "@tributary/testkit";
import { LeanClient } from "./lean-client.js";
import { cpuMeter, mainThreadRuntimeMs, runtimeMs } from "./process-stats.js";
import { now } from "./stats.js";

export interface RebuildReport {
  shards: number;
  /** Records written before the wipe, and their data bytes. */
  records: number;
  dataMiB: number;
  /** The healthy peer's data directory, and the rebuilt node's once it caught up (LevelDB, on disk). */
  peerDirMiB: number;
  rebuiltDirMiB: number;
  /** From the wiped node's start until its every shard replica applied what the leaders had committed (null: not within the wait). */
  rebuildMs: number | null;
  /** The shard that caught up last, and when. */
  slowestShardMs: number | null;
  /** Record data per second of the rebuild, and data-directory bytes per second. */
  dataMiBPerSecond: number | null;
  dirMiBPerSecond: number | null;
  /**
   * Percent of one core each node used during the rebuild: all its threads
   * (JavaScript, LevelDB's compaction, libuv's pool), and its main thread
   * alone. A main thread near 100% is what bounds the rate.
   */
  cpuPercent?: Record<string, { all: number; mainThread: number }>;
  /** The store alone on this machine, writing as much data the way a rebuild writes it (see storeWriteRate): the disk speed the rebuild is read against. */
  storeMiBPerSecond?: number;
}

/**
 * LevelDB alone, as a rebuild uses it: `mib` MiB of 64 KiB values (about a
 * shard entry of 64 × 1 KiB records) in fsynced batches of 1 MiB (a fetched
 * chunk), from 8 writers at once (a node's fetches in flight), into a fresh
 * database. MiB/s.
 */
async function storeWriteRate(mib: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "tributary-store-rate-"));
  const store = await LevelKeyValueStore.open(dir);
  try {
    const valueBytes = 64 * 1024;
    const perBatch = (1024 * 1024) / valueBytes; // a 1 MiB batch
    const writers = 8;
    const values = Array.from({ length: 64 }, () => new Uint8Array(randomBytes(valueBytes)));
    const batchesPerWriter = Math.ceil(mib / writers); // a batch per MiB
    const started = now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let b = 0; b < batchesPerWriter; b++) {
          const ops = Array.from({ length: perBatch }, (_, i) => {
            const key = new Uint8Array(12);
            const view = new DataView(key.buffer);
            view.setUint32(0, w);
            view.setBigUint64(4, BigInt(b * perBatch + i));
            return { type: "put" as const, key, value: values[(b * perBatch + i) % values.length] as Uint8Array };
          });
          await store.write(ops, true);
        }
      }),
    );
    return Math.round(((batchesPerWriter * writers) / ((now() - started) / 1000)) * 10) / 10;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const recordBytes = 1024;
const batch = 500;
const inFlight = 8;
const victim: NodeName = "az-c";
const peer: NodeName = "az-a";

function dirMiB(dir: string): number {
  const kib = Number(execFileSync("du", ["-sk", dir]).toString().split("\t")[0]);
  return Math.round((kib / 1024) * 10) / 10;
}

export async function rebuildBenchmark(targetMiB: number, shards: number, waitSeconds = 1_800): Promise<RebuildReport> {
  const report = await rebuildRun(targetMiB, shards, waitSeconds);
  // Once the cluster has stopped, on a quiet machine: the store alone, writing what the rebuilt node holds.
  return { ...report, storeMiBPerSecond: await storeWriteRate(Math.max(64, Math.round(report.rebuiltDirMiB))) };
}

async function rebuildRun(targetMiB: number, shards: number, waitSeconds: number): Promise<RebuildReport> {
  const backend = new LocalBackend({ network: "loopback", nodeArgs: ["--log-level", "warn"] });
  await backend.start();
  const client = new LeanClient(backend.endpoint, "h1", inFlight);
  try {
    const stream = "rebuild";
    await client.createStream(stream, shards);

    // Fill: PutRecords of 500 × 1 KiB of random bytes (nothing LevelDB could compress away), keys
    // spread over every shard, until the data reaches the target.
    const bodies = Array.from({ length: 8 }, (_, b) => LeanClient.body({ StreamName: stream, Records: Array.from({ length: batch }, (_, i) => ({ PartitionKey: `key-${b}-${i}`, Data: randomBytes(recordBytes).toString("base64") })) }));
    const wanted = Math.ceil((targetMiB * 1024 * 1024) / recordBytes);
    let records = 0;
    let n = 0;
    const fillStarted = now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let calls = 0; records < wanted && calls < 1_000_000; calls++) {
          const answer = await client.call("PutRecords", bodies[n++ % bodies.length] as Buffer);
          if (answer.status !== 200) continue;
          records += batch - LeanClient.failedRecordCount(answer.body);
        }
      }),
    );
    process.stdout.write(`filled ${records} records (${Math.round((records * recordBytes) / 1024 / 1024)} MiB of data) in ${Math.round((now() - fillStarted) / 1000)} s\n`);

    // What the leaders have committed, per shard group, before the wipe.
    const status = await backend.status(peer);
    const committed = new Map((status?.groups ?? []).filter((g) => g.groupId !== 0).map((g) => [g.groupId, g.commit]));
    const peerDirMiB = dirMiB(backend.dataDir(peer));

    await backend.kill(victim);
    backend.wipe(victim);
    const started = now();
    await backend.restart(victim);
    const pids = new Map(NODE_NAMES.map((n) => [n as string, backend.pid(n) as number]));
    const allThreads = cpuMeter(pids, runtimeMs);
    const mainThread = cpuMeter(pids, mainThreadRuntimeMs);
    const caughtUpAt = new Map<number, number>();
    const rebuildMs = await waitFor(
      `${victim} to catch up`,
      async () => {
        const mine = await backend.status(victim).catch(() => undefined);
        if (!mine || mine.incarnation < 2) return undefined;
        for (const g of mine.groups) if (committed.has(g.groupId) && !caughtUpAt.has(g.groupId) && g.applied >= (committed.get(g.groupId) as number)) caughtUpAt.set(g.groupId, now() - started);
        return caughtUpAt.size === committed.size ? Math.round(now() - started) : undefined;
      },
      waitSeconds * 1000,
      250,
    ).catch(() => null);
    const [all, main] = [allThreads(), mainThread()];
    const cpuPercent = Object.fromEntries(NODE_NAMES.map((n) => [n, { all: all.get(n) ?? 0, mainThread: main.get(n) ?? 0 }]));
    const rebuiltDirMiB = dirMiB(backend.dataDir(victim));
    const dataMiB = Math.round(((records * recordBytes) / 1024 / 1024) * 10) / 10;
    const rate = (mib: number) => (rebuildMs === null ? null : Math.round((mib / (rebuildMs / 1000)) * 10) / 10);
    return {
      shards,
      records,
      dataMiB,
      peerDirMiB,
      rebuiltDirMiB,
      rebuildMs,
      slowestShardMs: caughtUpAt.size > 0 ? Math.round(Math.max(...caughtUpAt.values())) : null,
      dataMiBPerSecond: rate(dataMiB),
      dirMiBPerSecond: rate(rebuiltDirMiB),
      cpuPercent,
    };
  } finally {
    client.close();
    await backend.stop();
  }
}

export function formatRebuild(r: RebuildReport): string {
  const lines = [
    "| shards | records | record data | peer's data dir | rebuilt data dir | rebuild time | slowest shard | record data/s | data dir/s |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    `| ${r.shards} | ${r.records} | ${r.dataMiB} MiB | ${r.peerDirMiB} MiB | ${r.rebuiltDirMiB} MiB | ${r.rebuildMs === null ? "not within the wait" : `${(r.rebuildMs / 1000).toFixed(1)} s`} | ${r.slowestShardMs === null ? "—" : `${(r.slowestShardMs / 1000).toFixed(1)} s`} | ${r.dataMiBPerSecond ?? "—"} MiB/s | ${r.dirMiBPerSecond ?? "—"} MiB/s |`,
  ];
  // (Reports from before CPU was measured have none.)
  if (r.cpuPercent) {
    const cpu = Object.entries(r.cpuPercent).map(([n, c]) => `${n}${n === victim ? " (rebuilt)" : ""} ${c.all}% / ${c.mainThread}%`);
    lines.push("", `CPU during the rebuild, % of one core (all threads / main thread): ${cpu.join(", ")}`);
  }
  if (r.storeMiBPerSecond !== undefined) lines.push("", `The store alone on this machine (LevelDB, 1 MiB fsynced batches from 8 writers, as much data): ${r.storeMiBPerSecond} MiB/s`);
  return lines.join("\n");
}
