/** PutRecord: byte-identical records routed by the MD5 of the partition key, ExplicitHashKey, sizes. */
import { createHash } from "node:crypto";
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("PutRecord", () => h);

describe("PutRecord: functionality", () => {
  const everyByte = new Uint8Array(256).map((_, i) => i);

  it("round-trips every byte value, and routes by the MD5 of the partition key", async () => {
    const shards = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription?.Shards ?? [];
    for (const key of ["alpha", "beta", "gamma", "delta", "epsilon"]) {
      const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: key, Data: everyByte }));
      const hash = BigInt(`0x${createHash("md5").update(key).digest("hex")}`);
      const expected = shards.find((s) => BigInt(s.HashKeyRange?.StartingHashKey ?? "0") <= hash && hash <= BigInt(s.HashKeyRange?.EndingHashKey ?? "0"));
      expect(put.ShardId).toBe(expected?.ShardId);
      expect(put.SequenceNumber).toMatch(/^\d{56}$/);
      expect(put.EncryptionType).toBe("NONE");
      const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: put.ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: put.SequenceNumber }));
      const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
      expect(got.Records?.[0]?.SequenceNumber).toBe(put.SequenceNumber);
      expect(Buffer.from(got.Records?.[0]?.Data ?? []).equals(Buffer.from(everyByte))).toBe(true);
      expect(got.Records?.[0]?.PartitionKey).toBe(key);
    }
  });

  it("ExplicitHashKey overrides the partition key, and must be at most 2^128 - 1", async () => {
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "340282366920938463463374607431768211455", Data: new Uint8Array([1]) }));
    expect(put.ShardId).toBe("shardId-000000000002");
    await expectError(
      h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "340282366920938463463374607431768211456", Data: new Uint8Array([1]) })),
      "InvalidArgumentException",
      /ExplicitHashKey must be in the range: \[0, 2\^128-1\]/,
    );
    await expectError(
      h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "-1", Data: new Uint8Array([1]) })),
      "ValidationException",
      /at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it("sequence numbers strictly increase within a shard", async () => {
    const sequence: string[] = [];
    for (let i = 0; i < 10; i++) sequence.push((await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "p", ExplicitHashKey: "0", Data: new Uint8Array([i]) }))).SequenceNumber as string);
    for (let i = 1; i < sequence.length; i++) expect(BigInt(sequence[i]!) > BigInt(sequence[i - 1]!)).toBe(true);
  });

  it("refuses a record over the stream's maximum size and an unknown stream", async () => {
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "k", Data: new Uint8Array(1024 * 1024 + 1) })), "InvalidArgumentException", /maximum record size of 1024 KiB/);
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "nope", PartitionKey: "k", Data: new Uint8Array(1) })), "ResourceNotFoundException", "Stream nope under account 000000000000 not found.");
  });
  it("DryRun: a call that would succeed answers DryRunOperationException and stores nothing; one that would not gets its own error", async () => {
    const latest = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }));
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "dry", ExplicitHashKey: "0", Data: new Uint8Array([1]), DryRun: true })), "DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "absent", PartitionKey: "dry", Data: new Uint8Array([1]), DryRun: true })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "dry", ExplicitHashKey: (2n ** 128n).toString(), Data: new Uint8Array([1]), DryRun: true })), "InvalidArgumentException");
    expect((await h.kinesis.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))).Records).toEqual([]);
  });
});
