import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { CreateStreamCommand, KinesisClient, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { Workload } from "@tributary/chaos";
import { DockerBackend } from "../../chaos/src/docker-backend.js";
import { clusterCredentials, sleep } from "@tributary/testkit";
const backend = new DockerBackend({});
await backend.start();
const names = ["az-a", "az-b", "az-c", "gateway"] as const;
const pidOf = (n: string) => Number(execFileSync("docker", ["inspect", "-f", "{{.State.Pid}}", `tributary-chaos_${n}_1`]).toString().trim());
const ticks = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return Number(f[11]) + Number(f[12]); } catch { return NaN; } };
try {
  const k = new KinesisClient({ endpoint: backend.endpoint, region: "us-east-1", credentials: clusterCredentials });
  await k.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 4 }));
  for (let i = 0; i < 100; i++) { const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: "s" })); if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break; await sleep(200); }
  const w = new Workload(k, "s", { producers: 4, runId: "x", recordBytes: 200, maxBatch: 20 });
  w.start();
  await sleep(8000);
  for (const victim of ["az-a", "az-b"] as const) {
    const t0 = Date.now();
    await backend.terminate(victim);
    const tStopped = Date.now();
    await backend.restart(victim);
    const tStarted = Date.now();
    const pids = Object.fromEntries(names.map((n) => [n, pidOf(n)]));
    const self = process.pid;
    let prev = Object.fromEntries([...names, "self"].map((n) => [n, ticks(n === "self" ? self : pids[n]!)]));
    const rows: string[] = [];
    let leadsAt = 0;
    for (let i = 0; i < 40; i++) {
      await sleep(100);
      const now = Object.fromEntries([...names, "self"].map((n) => [n, ticks(n === "self" ? self : pids[n]!)]));
      const at = Date.now();
      const acks = w.acks.filter((a) => a.ackAt > at - 100 && a.ackAt <= at);
      const maxLat = Math.max(0, ...acks.map((a) => a.ackAt - a.sentAt));
      rows.push(`${String(at - tStarted).padStart(5)} ms: ${[...names, "self"].map((n) => `${n} ${String((now[n]! - prev[n]!) * 10).padStart(3)}`).join("  ")}  acks ${String(acks.length).padStart(3)} maxLat ${maxLat}`);
      prev = now;
      if (!leadsAt && i % 5 === 4) { const s = await backend.status(victim); if (s?.groups.some((g) => g.state === "leader")) leadsAt = Date.now() - tStarted; }
    }
    console.log(`${victim}: stop took ${tStopped - t0} ms, start ${tStarted - tStopped} ms; leads again ~${leadsAt} ms after start (CPU ms per 100 ms window)`);
    console.log(rows.join("\n"));
    await sleep(3000);
  }
  await w.stop();
} finally { await backend.stop(); }
