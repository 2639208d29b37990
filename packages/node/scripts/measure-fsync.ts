/**
 * Measures fsyncs per second per node under one fixed load, with a 1-shard
 * and a 256-shard stream. With group commit (one synced batch per loop
 * iteration for all groups) the two should be close: fsyncs follow the load,
 * not the number of shards. Not a test: it prints and writes its figures.
 *
 *   pnpm measure:fsync [--rate 200] [--seconds 10] [--shards 1,256]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { NodeName } from "@tributary/testkit";
import { NODE_NAMES, ProcessCluster, waitFor } from "@tributary/testkit";

const { values } = parseArgs({
  options: { rate: { type: "string", default: "200" }, seconds: { type: "string", default: "10" }, shards: { type: "string", default: "1,256" } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const shardCounts = values.shards.split(",").map(Number);
const payload = Buffer.alloc(100, 7);

interface Row {
  shards: number;
  appendsPerSecond: number;
  fsyncsPerSecond: Record<string, number>;
  idleFsyncsPerSecond: Record<string, number>;
}

async function syncWrites(cluster: ProcessCluster): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of NODE_NAMES) out[n] = (await cluster.peerApi(n).status({}, 5_000)).syncWrites;
  return out;
}

const perSecond = (a: Record<string, number>, b: Record<string, number>, s: number) => Object.fromEntries(Object.keys(a).map((k) => [k, Math.round((((b[k] ?? 0) - (a[k] ?? 0)) / s) * 10) / 10]));

const rows: Row[] = [];
for (const shards of shardCounts) {
  const cluster = await ProcessCluster.start({ gateway: false, network: "loopback" });
  try {
    await cluster.proposeCatalog({ createStream: { name: "load", shardCount: shards, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } });
    const stream = await waitFor("ACTIVE", async () => {
      const s = (await cluster.catalog()).streams.find((x) => x.name === "load");
      return s?.status === "ACTIVE" ? s : undefined;
    }, 120_000, 250);
    const groups = stream.shards.map((s) => s.groupId);
    await new Promise((r) => setTimeout(r, 3_000)); // let leader spreading settle
    // Idle: what a cluster with this many shards fsyncs doing nothing.
    const idle0 = await syncWrites(cluster);
    await new Promise((r) => setTimeout(r, 3_000));
    const idle1 = await syncWrites(cluster);
    const leaders = new Map<number, NodeName>();
    const before = await syncWrites(cluster);
    const started = Date.now();
    let sent = 0;
    let done = 0;
    const inflight = new Set<Promise<void>>();
    const intervalMs = 1000 / rate;
    for (let i = 0; Date.now() - started < seconds * 1000 && i < rate * seconds * 2; i++) {
      const due = started + i * intervalMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const group = groups[i % groups.length] as number;
      const p = (async () => {
        for (let attempt = 0; attempt < 10; attempt++) {
          const name = leaders.get(group) ?? (NODE_NAMES[attempt % 3] as NodeName);
          const res = await cluster
            .gatewayApi(name)
            .append({ groupId: group, records: Array.from({ length: 10 }, () => ({ data: payload, partitionKey: "k" })) }, 15_000)
            .catch(() => undefined);
          if (res?.ok) {
            leaders.set(group, name);
            done++;
            return;
          }
          if (res?.notLeader?.leaderNode) leaders.set(group, res.notLeader.leaderNode as NodeName);
          else leaders.delete(group);
        }
      })();
      sent++;
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (inflight.size > 256) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const elapsed = (Date.now() - started) / 1000;
    const after = await syncWrites(cluster);
    rows.push({ shards, appendsPerSecond: Math.round(done / elapsed), fsyncsPerSecond: perSecond(before, after, elapsed), idleFsyncsPerSecond: perSecond(idle0, idle1, 3) });
    console.log(`${shards} shards: ${done}/${sent} appends of 10 records in ${elapsed.toFixed(1)} s`);
  } finally {
    await cluster.stop();
  }
}

console.log("\nfsyncs per second per node (group commit: one synced batch per loop iteration, for all groups)");
console.log("shards  appends/s  " + ["az-a", "az-b", "az-c"].map((n) => `${n} load`.padStart(11)).join("") + ["az-a", "az-b", "az-c"].map((n) => `${n} idle`.padStart(11)).join(""));
for (const r of rows) {
  console.log(
    String(r.shards).padStart(6) +
      String(r.appendsPerSecond).padStart(11) +
      ["az-a", "az-b", "az-c"].map((n) => String(r.fsyncsPerSecond[n]).padStart(11)).join("") +
      ["az-a", "az-b", "az-c"].map((n) => String(r.idleFsyncsPerSecond[n]).padStart(11)).join(""),
  );
}
mkdirSync("results", { recursive: true });
writeFileSync("results/fsync-group-commit.json", JSON.stringify({ rate, seconds, recordsPerAppend: 10, rows }, null, 2));
console.log("\nwritten to results/fsync-group-commit.json");
