/**
 * Per-shard throughput limits, as Kinesis enforces them: PutRecords fails
 * only the records over a shard's write rate (each with its ErrorCode and
 * message), PutRecord and GetRecords fail whole, buckets refill with time,
 * and a gateway started without limits has none.
 */
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "../src/gateway.js";
import { ShardThroughput } from "../src/throughput.js";
import type { Harness } from "./harness.js";
import { credentials, expectError, startWithMainStream } from "./harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream({ throughputLimits: true })), 120_000);
afterAll(() => h?.stop());

const rates = { writeBytesPerSecond: 1024 * 1024, writeRecordsPerSecond: 1000, readBytesPerSecond: 2 * 1024 * 1024, readCallsPerSecond: 5 };

describe("the buckets", () => {
  it("hold a second of each rate, refill with time, and let a large read run into debt", () => {
    let now = 0;
    const t = new ShardThroughput(rates, () => now);
    for (let i = 0; i < 1000; i++) expect(t.takeWrite(1, 10)).toBe(true);
    expect(t.takeWrite(1, 10)).toBe(false); // 1,000 records this second
    expect(t.takeWrite(2, 10)).toBe(true); // another shard has its own
    now += 100;
    let more = 0;
    while (t.takeWrite(1, 10)) more++;
    expect(more).toBe(100); // a tenth of a second refills a tenth
    expect(t.takeWrite(3, 10 * 1024 * 1024)).toBe(true); // a 10 MiB record passes into debt...
    expect(t.takeWrite(3, 1)).toBe(false); // ...and holds the shard's writes back
    now += 9100;
    expect(t.takeWrite(3, 1)).toBe(true); // once nine megabytes of debt are repaid
    for (let i = 0; i < 5; i++) expect(t.takeRead(4)).toBe(true);
    expect(t.takeRead(4)).toBe(false); // five calls a second
    now += 1000;
    expect(t.takeRead(4)).toBe(true);
    t.chargeRead(4, 10 * 1024 * 1024); // a 10 MiB answer: about four seconds of debt
    now += 3000;
    expect(t.takeRead(4)).toBe(false);
    now += 2000;
    expect(t.takeRead(4)).toBe(true);
  });
});

describe("through the API", () => {
  it("PutRecords fails only the records over the shard's rate, with AWS's ErrorCode and message", async () => {
    const batch = (n: number) => ({ StreamName: "main", Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: `k${i}`, ExplicitHashKey: "0", Data: Buffer.from("x") })) });
    const started = Date.now();
    const answers = await Promise.all([h.kinesis.send(new PutRecordsCommand(batch(500))), h.kinesis.send(new PutRecordsCommand(batch(500))), h.kinesis.send(new PutRecordsCommand(batch(500)))]);
    const elapsedMs = Date.now() - started;
    const records = answers.flatMap((a) => a.Records ?? []);
    const failed = records.filter((r) => r.ErrorCode);
    // A second's worth passes at once, plus what refilled (a record a millisecond) while the calls ran.
    expect(records.length - failed.length).toBeGreaterThanOrEqual(1000);
    expect(records.length - failed.length).toBeLessThanOrEqual(1000 + elapsedMs + 1);
    expect(failed.length).toBeGreaterThan(0);
    expect(answers.reduce((n, a) => n + (a.FailedRecordCount ?? 0), 0)).toBe(failed.length);
    expect(failed[0]?.ErrorCode).toBe("ProvisionedThroughputExceededException");
    expect(failed[0]?.ErrorMessage).toMatch(/^Rate exceeded for shard shardId-000000000000 in stream main under account \d{12}\.$/);
  });

  it("PutRecord fails whole while a shard's bytes are in debt", async () => {
    // Two records of 1 MiB: the second runs the bytes bucket a megabyte into debt, for about a second.
    const big = Buffer.alloc(1024 * 1024 - 10, 1);
    await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "big", ExplicitHashKey: "1", Data: big })).catch(() => undefined);
    await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "big", ExplicitHashKey: "1", Data: big })).catch(() => undefined);
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "small", ExplicitHashKey: "1", Data: Buffer.from("z") })), "ProvisionedThroughputExceededException", /^Rate exceeded for shard shardId-000000000000/);
  });

  it("GetRecords fails whole past five calls a second on a shard", async () => {
    const iterator = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000002", ShardIteratorType: "LATEST" }))).ShardIterator;
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })).then(() => "ok", (e: Error) => e.name)));
    expect(outcomes.filter((o) => o === "ok").length).toBeLessThanOrEqual(6);
    expect(outcomes).toContain("ProvisionedThroughputExceededException");
  });

  it("a gateway started without limits takes what comes", async () => {
    const open = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, throughputLimits: false }, pino({ level: "silent" }));
    const client = new KinesisClient({ endpoint: `http://127.0.0.1:${await open.start()}`, region: "us-east-1", credentials, maxAttempts: 1 });
    try {
      const batch = { StreamName: "main", Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `u${i}`, ExplicitHashKey: "1", Data: Buffer.from("y") })) };
      const answers = await Promise.all([1, 2, 3].map(() => client.send(new PutRecordsCommand(batch))));
      expect(answers.reduce((n, a) => n + (a.FailedRecordCount ?? 0), 0)).toBe(0);
    } finally {
      client.destroy();
      await open.stop();
    }
  });
});
