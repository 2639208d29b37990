import { CreateStreamCommand, KinesisClient, PutRecordsCommand, PutRecordCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { LocalBackend } from "@tributary/chaos";
import { DockerBackend } from "../../chaos/src/docker-backend.js";
import { clusterCredentials, sleep } from "@tributary/testkit";
const kind = process.argv[2] ?? "local";
const backend = kind === "local" ? new LocalBackend({}) : new DockerBackend({});
await backend.start();
try {
  const k = new KinesisClient({ endpoint: backend.endpoint, region: "us-east-1", credentials: clusterCredentials });
  await k.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 4 }));
  for (let i = 0; i < 100; i++) { const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: "s" })); if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break; await sleep(200); }
  const data = Buffer.alloc(200, 46);
  const q = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
  const run = async (label: string, callers: number, paceMs: number, n: number, batch: number) => {
    const lat: number[] = [];
    let seq = 0;
    await Promise.all(Array.from({ length: callers }, async (_, c) => {
      await sleep(c * paceMs / callers);
      for (let i = 0; i < n; i++) {
        const t0 = Date.now();
        if (batch === 1) await k.send(new PutRecordCommand({ StreamName: "s", PartitionKey: `k${seq++}`, Data: data }));
        else await k.send(new PutRecordsCommand({ StreamName: "s", Records: Array.from({ length: batch }, () => ({ PartitionKey: `k${seq++}`, Data: data })) }));
        const ms = Date.now() - t0; lat.push(ms);
        if (paceMs) await sleep(Math.max(0, paceMs - ms));
      }
    }));
    console.log(`${kind} ${label}: n ${lat.length} p50 ${q(lat, 0.5)} p90 ${q(lat, 0.9)} p99 ${q(lat, 0.99)} max ${q(lat, 1)}`);
  };
  await run("warm", 1, 0, 50, 10);
  await run("PutRecord 1 caller", 1, 0, 100, 1);
  await run("PutRecords x10 1 caller", 1, 0, 100, 10);
  await run("PutRecords x10 1 caller paced 100ms", 1, 100, 50, 10);
  await run("PutRecords x10 8 callers paced 250ms", 8, 250, 30, 10);
  await run("PutRecords x10 4 callers unpaced", 4, 0, 100, 10);
} finally { await backend.stop(); }
