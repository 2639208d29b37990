/** DescribeStream: the stream, its shards (paged), by StreamName or StreamARN. */
import { DescribeStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DescribeStream", () => h);

describe("DescribeStream: functionality", () => {
  it("describes the stream and its shards", async () => {
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription;
    expect(d?.StreamStatus).toBe("ACTIVE");
    expect(d?.HasMoreShards).toBe(false);
    expect(d?.StreamCreationTimestamp).toBeInstanceOf(Date);
    expect(d?.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    expect(d?.Shards?.[0]?.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{56}$/);
    expect(d?.EncryptionType).toBe("NONE");
  });

  it("pages shards with Limit and ExclusiveStartShardId", async () => {
    const page = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main", Limit: 1, ExclusiveStartShardId: "shardId-000000000000" }))).StreamDescription;
    expect(page?.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000001"]);
    expect(page?.HasMoreShards).toBe(true);
  });

  it("accepts StreamARN, and refuses a mismatch, a missing name and an unknown stream", async () => {
    const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";
    expect((await h.kinesis.send(new DescribeStreamCommand({ StreamARN: arn }))).StreamDescription?.StreamName).toBe("main");
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamARN: arn, StreamName: "other" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DescribeStreamCommand({})), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamName: "absent" })), "ResourceNotFoundException", "Stream absent under account 000000000000 not found.");
  });
});
