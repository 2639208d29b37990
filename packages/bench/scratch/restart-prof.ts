import { mkdirSync, rmSync } from "node:fs";
import { CreateStreamCommand, KinesisClient, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { LocalBackend, Workload } from "@tributary/chaos";
import { clusterCredentials, sleep } from "@tributary/testkit";
const prof = "/tmp/rprof"; rmSync(prof, { recursive: true, force: true }); mkdirSync(prof);
const backend = new LocalBackend({ runtimeArgs: ["--cpu-prof", "--cpu-prof-dir", prof] });
await backend.start();
try {
  const k = new KinesisClient({ endpoint: backend.endpoint, region: "us-east-1", credentials: clusterCredentials });
  await k.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 4 }));
  for (let i = 0; i < 100; i++) { const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: "s" })); if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break; await sleep(200); }
  const w = new Workload(k, "s", { producers: 4, runId: "x", recordBytes: 200, maxBatch: 20 });
  w.start();
  await sleep(8000);
  await backend.terminate("az-a");
  await backend.restart("az-a");
  console.log("restarted az-a pid", backend.pid("az-a"), "at", Date.now());
  await sleep(5000);
  await backend.terminate("az-a");
  await w.stop();
} finally { await backend.stop(); }
