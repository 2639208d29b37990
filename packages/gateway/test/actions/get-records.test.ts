/** GetRecords: records from an iterator, Limit, and refusals of forged, tampered and expired iterators. */
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("GetRecords", () => h);

describe("GetRecords: functionality", () => {
  it("returns records up to Limit, with a next iterator and how far behind the reader is", async () => {
    for (let i = 0; i < 5; i++) await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "p", ExplicitHashKey: "0", Data: new Uint8Array([i]) }));
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const limited = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 2 }));
    expect(limited.Records?.map((r) => r.Data?.[0])).toEqual([0, 1]);
    const rest = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: limited.NextShardIterator }));
    expect(rest.Records?.map((r) => r.Data?.[0])).toEqual([2, 3, 4]);
    expect(rest.MillisBehindLatest).toBe(0);
  });

  it.skipIf(external)("refuses forged, tampered and expired iterators, and a bad Limit", async () => {
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const token = it.ShardIterator as string;
    const tampered = token.slice(0, 10) + (token[10] === "A" ? "B" : "A") + token.slice(11);
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: tampered })), "InvalidArgumentException", "Invalid ShardIterator.");
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: "not-an-iterator" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: token, Limit: 10_001 })), "ValidationException", /Member must have value less than or equal to 10000/);
    // A StreamARN naming another stream than the iterator's.
    const other = "arn:aws:kinesis:us-east-1:000000000000:stream/elsewhere";
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: token, StreamARN: other })), "InvalidArgumentException", /^StreamARN arn:aws:kinesis:us-east-1:000000000000:stream\/elsewhere does not match the stream of the ShardIterator: .*stream\/main$/);
    h.clockOffset.ms = 300_001;
    try {
      await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: token })), "ExpiredIteratorException");
    } finally {
      h.clockOffset.ms = 0;
    }
  });
  it("DryRun: a read that would succeed answers DryRunOperationException; a bad iterator gets its own error", async () => {
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator, DryRun: true })), "DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: "not-an-iterator", DryRun: true })), "InvalidArgumentException");
  });
});
