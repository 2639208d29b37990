/** GetShardIterator: every iterator type positions exactly; bad positions are refused as AWS refuses them. */
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import type { ShardIteratorType } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, rawRequest, startWithMainStream } from "../harness.js";
import { memoryAddress } from "@tributary/node/in-memory";
import { encodeToken } from "../../src/tokens.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

async function readShard(type: ShardIteratorType, extra: Record<string, unknown> = {}) {
  const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: type, ...extra }));
  return h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
}

specBlocks("GetShardIterator", () => h);

describe("GetShardIterator: functionality", () => {
  it("positions TRIM_HORIZON, LATEST, AT_ / AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP exactly", async () => {
    const before = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }));
    await new Promise((r) => setTimeout(r, 20));
    const t0 = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const sequence: string[] = [];
    for (let i = 0; i < 10; i++) {
      const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "p", ExplicitHashKey: "0", Data: new TextEncoder().encode(`n${i}`) }));
      sequence.push(put.SequenceNumber as string);
    }
    const latest = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: before.ShardIterator }));
    expect(latest.Records?.map((r) => new TextDecoder().decode(r.Data))).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`));
    expect(latest.MillisBehindLatest).toBe(0);
    expect((await readShard("TRIM_HORIZON")).Records?.[0]?.SequenceNumber).toBe(sequence[0]);
    expect((await readShard("AFTER_SEQUENCE_NUMBER", { StartingSequenceNumber: sequence[4] })).Records?.[0]?.SequenceNumber).toBe(sequence[5]);
    expect((await readShard("AT_SEQUENCE_NUMBER", { StartingSequenceNumber: sequence[4] })).Records?.[0]?.SequenceNumber).toBe(sequence[4]);
    const byTime = await readShard("AT_TIMESTAMP", { Timestamp: t0 });
    expect(byTime.Records?.[0]?.SequenceNumber).toBe(sequence[0]);
    expect(byTime.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBeGreaterThanOrEqual(t0.getTime());
    // Nothing new yet: LATEST from here returns no records and a usable next iterator.
    const tip = await readShard("LATEST");
    expect(tip.Records).toEqual([]);
    expect(tip.NextShardIterator).toBeDefined();
  });

  it("refuses an unknown shard, a missing or foreign sequence number, and an unknown type", async () => {
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000009", ShardIteratorType: "TRIM_HORIZON" })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER" })), "InvalidArgumentException");
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: "123" })),
      "InvalidArgumentException",
    );
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "BOGUS" as ShardIteratorType })),
      "ValidationException",
      /Member must satisfy enum value set: \[AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP\]/,
    );
  });

  it("refuses a type and StartingSequenceNumber that do not go together, and a sequence number from another stream, in AWS's words", async () => {
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "combo", ExplicitHashKey: "0", Data: Buffer.from("c") }));
    const both = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.";
    for (const type of ["TRIM_HORIZON", "LATEST"] as const) {
      await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: type, StartingSequenceNumber: put.SequenceNumber })), "InvalidArgumentException", `${both} Request specified ${type} and also a StartingSequenceNumber.`);
    }
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AFTER_SEQUENCE_NUMBER" })), "InvalidArgumentException", `${both} Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
    // The same shard index in another stream (created at another second): not this stream's.
    const { CreateStreamCommand } = await import("@aws-sdk/client-kinesis");
    await new Promise((r) => setTimeout(r, 1100));
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "other", ShardCount: 1 }));
    const { waitActive } = await import("../harness.js");
    await waitActive(h, "other");
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "other", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: put.SequenceNumber })),
      "InvalidArgumentException",
      /^StartingSequenceNumber \d+ used in GetShardIterator on shard shardId-000000000000 in stream other under account \d{12} is invalid because it did not come from this stream\.$/,
    );
  });

  it("refuses AT_TIMESTAMP in the future, and timestamps that are no instant (1e300 seconds)", async () => {
    const future = Date.now() + 3_600_000;
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(future) })),
      "InvalidArgumentException",
      /^The timestampInMillis parameter cannot be greater than the currentTimestampInMillis\. timestampInMillis: \d+, currentTimestampInMillis: \d+$/,
    );
    const res = await rawRequest(h.endpoint, "Kinesis_20131202.GetShardIterator", '{"StreamName":"main","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1e300}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).__type).toMatch(/SerializationException/);
  });

  it.skipIf(external)("iterators signed before the operator rotates the secret still read; two rotations later they are refused", async () => {
    const memory = h.memory as NonNullable<Harness["memory"]>;
    const secret = () => memory.node(memory.metaLeader() as string)?.catalog().iteratorSecret;
    const rotate = async () => {
      const before = secret();
      const res = await memory.gatewayCaller(memoryAddress(memory.metaLeader() as string)).proposeCatalog({ command: { setIteratorSecret: { secret: "chosen by the caller", rotate: true } } }, 5_000);
      expect(res.failure ?? null).toBeNull();
      // The node chose the new secret, not the caller.
      expect([secret() !== before, secret() !== "chosen by the caller"]).toEqual([true, true]);
      // A describe reads the catalog afresh: the gateway signs with the new secret from here on.
      await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }));
    };
    const old = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    await rotate();
    const read = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: old.ShardIterator }));
    expect(read.Records?.length).toBeGreaterThan(0);
    // Whoever still holds the replaced secret cannot mint new iterators with it: only those issued before the rotation count.
    const body = (JSON.parse(Buffer.from((old.ShardIterator as string).split(".")[0] as string, "base64url").toString()) as { b: unknown }).b;
    const previous = memory.node(memory.metaLeader() as string)?.catalog().previousIteratorSecret as string;
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: encodeToken(previous, "iterator", body, Date.now()) })), "InvalidArgumentException", "Invalid ShardIterator.");
    const fresh = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    expect(fresh.ShardIterator).not.toBe(old.ShardIterator);
    await rotate();
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: old.ShardIterator })), "InvalidArgumentException", "Invalid ShardIterator.");
    expect((await h.kinesis.send(new GetRecordsCommand({ ShardIterator: fresh.ShardIterator }))).Records?.length).toBeGreaterThan(0);
  });
  it("DryRun: a request that would succeed answers DryRunOperationException; an unknown shard gets its own error", async () => {
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST", DryRun: true })), "DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000099", ShardIteratorType: "LATEST", DryRun: true })), "ResourceNotFoundException");
  });
});
