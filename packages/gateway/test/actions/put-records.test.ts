/** PutRecords: answers in request order, per-record shard ids, coalesced appends that keep each caller's records apart. */
import { createHash } from "node:crypto";
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, rawRequest, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("PutRecords", () => h);

describe("PutRecords: functionality", () => {
  it("answers in request order with per-record shard ids", async () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ PartitionKey: `key-${i}`, Data: new TextEncoder().encode(`batch-${i}`) }));
    const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: records }));
    expect(res.FailedRecordCount).toBe(0);
    expect(res.Records).toHaveLength(50);
    const shards = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription?.Shards ?? [];
    res.Records?.forEach((r, i) => {
      const hash = BigInt(`0x${createHash("md5").update(`key-${i}`).digest("hex")}`);
      const expected = shards.find((s) => BigInt(s.HashKeyRange?.StartingHashKey ?? "0") <= hash && hash <= BigInt(s.HashKeyRange?.EndingHashKey ?? "0"));
      expect(r.ShardId).toBe(expected?.ShardId);
    });
  });

  it("refuses a null record with a ValidationException, not a server error", async () => {
    const res = await rawRequest(h.endpoint, "Kinesis_20131202.PutRecords", '{"StreamName":"main","Records":[null]}');
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body.toString()) as { __type: string; message: string };
    expect(body.__type).toMatch(/ValidationException/);
    expect(body.message).toBe("1 validation error detected: Value null at 'records.1.member' failed to satisfy constraint: Member must not be null");
  });

  it("refuses empty, oversized and malformed batches and an unknown stream", async () => {
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [] })), "ValidationException", /at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    await expectError(
      h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: Array.from({ length: 501 }, () => ({ PartitionKey: "k", Data: new Uint8Array(1) })) })),
      "ValidationException",
      /Member must have length less than or equal to 500/,
    );
    await expectError(
      h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [{ PartitionKey: "", Data: new Uint8Array(1) }] })),
      "ValidationException",
      /at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "nope", Records: [{ PartitionKey: "k", Data: new Uint8Array(1) }] })), "ResourceNotFoundException");
  });

  it("concurrent PutRecord and PutRecords to one shard (coalesced into shared appends) each get their own records' sequence numbers", async () => {
    const stream = "main";
    const shard = "shardId-000000000001";
    const hashKey = "150000000000000000000000000000000000000"; // inside shard 1 of 3
    const before = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard, ShardIteratorType: "LATEST" }));
    const single = Array.from({ length: 60 }, (_, i) => h.kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `c${i}`, ExplicitHashKey: hashKey, Data: new TextEncoder().encode(`single-${i}`) })));
    const batches = Array.from({ length: 6 }, (_, b) =>
      h.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `b${b}`, ExplicitHashKey: hashKey, Data: new TextEncoder().encode(`batch-${b}-${i}`) })) })),
    );
    const singles = await Promise.all(single);
    const batched = await Promise.all(batches);
    const bySequence = new Map<string, string>();
    singles.forEach((r, i) => bySequence.set(r.SequenceNumber as string, `single-${i}`));
    batched.forEach((r, b) => {
      expect(r.FailedRecordCount).toBe(0);
      const seqs = r.Records?.map((x) => BigInt(x.SequenceNumber as string)) ?? [];
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true); // a batch's records keep their order
      r.Records?.forEach((x, i) => bySequence.set(x.SequenceNumber as string, `batch-${b}-${i}`));
    });
    expect(bySequence.size).toBe(60 + 6 * 20); // no sequence number given twice
    const read: { seq: string; data: string }[] = [];
    let iterator = before.ShardIterator;
    for (let page = 0; page < 20 && read.length < bySequence.size && iterator; page++) {
      const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const r of got.Records ?? []) read.push({ seq: r.SequenceNumber as string, data: new TextDecoder().decode(r.Data) });
      iterator = got.NextShardIterator;
    }
    expect(read).toHaveLength(bySequence.size);
    for (const r of read) expect(r.data).toBe(bySequence.get(r.seq)); // each acknowledged number names that caller's record
  });
  it("DryRun: a call that would succeed answers DryRunOperationException and stores nothing", async () => {
    const latest = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }));
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [{ PartitionKey: "dry", ExplicitHashKey: "0", Data: new Uint8Array([1]) }], DryRun: true })), "DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "absent", Records: [{ PartitionKey: "dry", Data: new Uint8Array([1]) }], DryRun: true })), "ResourceNotFoundException");
    expect((await h.kinesis.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))).Records).toEqual([]);
  });
});
