/** SplitShard: a shard in two at a hash key; the parent closes with an ending sequence number, its records end with ChildShards. */
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const middleOfShard0 = "56713727820156410577229101238628035242"; // shard 0 of 3 ends at 113427455640312821154458202477256070484

specBlocks("SplitShard", () => h);

describe("SplitShard: functionality", () => {
  it("splits a shard: the parent closes, two children take its keys, reads of the parent end with ChildShards", async () => {
    const before = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "a", ExplicitHashKey: "5", Data: Buffer.from("before") }));
    expect(before.ShardId).toBe("shardId-000000000000");
    await h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000000", NewStartingHashKey: middleOfShard0 }));
    await waitActive(h, "main");
    const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName: "main" }))).Shards ?? [];
    expect(shards.map((s) => [s.ShardId, s.ParentShardId, s.HashKeyRange?.StartingHashKey, s.HashKeyRange?.EndingHashKey])).toEqual([
      ["shardId-000000000000", undefined, "0", "113427455640312821154458202477256070484"],
      ["shardId-000000000001", undefined, "113427455640312821154458202477256070485", "226854911280625642308916404954512140969"],
      ["shardId-000000000002", undefined, "226854911280625642308916404954512140970", "340282366920938463463374607431768211455"],
      ["shardId-000000000003", "shardId-000000000000", "0", "56713727820156410577229101238628035241"],
      ["shardId-000000000004", "shardId-000000000000", "56713727820156410577229101238628035242", "113427455640312821154458202477256070484"],
    ]);
    const parent = shards[0];
    expect(parent?.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{56}$/);
    expect(BigInt(parent?.SequenceNumberRange?.EndingSequenceNumber ?? "0") > BigInt(before.SequenceNumber ?? "0")).toBe(true);
    // New records for the parent's keys go to the children.
    const after = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "a", ExplicitHashKey: "5", Data: Buffer.from("after") }));
    expect(after.ShardId).toBe("shardId-000000000003");
    // The parent reads to its end: its record, no next iterator, its children.
    const it0 = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator }));
    expect(got.Records?.map((r) => Buffer.from(r.Data ?? []).toString())).toEqual(["before"]);
    expect(got.NextShardIterator).toBeUndefined();
    expect(got.ChildShards).toEqual([
      { ShardId: "shardId-000000000003", ParentShards: ["shardId-000000000000"], HashKeyRange: { StartingHashKey: "0", EndingHashKey: "56713727820156410577229101238628035241" } },
      { ShardId: "shardId-000000000004", ParentShards: ["shardId-000000000000"], HashKeyRange: { StartingHashKey: "56713727820156410577229101238628035242", EndingHashKey: "113427455640312821154458202477256070484" } },
    ]);
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription;
    expect(d?.Shards).toHaveLength(5);
  });

  it("refuses a hash key outside the shard, a closed shard, an unknown shard, and a stream not ACTIVE", async () => {
    await expectError(
      h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000001", NewStartingHashKey: "5" })),
      "InvalidArgumentException",
      "NewStartingHashKey 5 used in SplitShard() on shard shardId-000000000001 in stream main under account 000000000000 is not both greater than one plus the shard's StartingHashKey 113427455640312821154458202477256070485 and less than the shard's EndingHashKey 226854911280625642308916404954512140969.",
    );
    await expectError(
      h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "10" })),
      "InvalidArgumentException",
      "Shard shardId-000000000000 in stream main under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.",
    );
    await expectError(h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000042", NewStartingHashKey: "10" })), "ResourceNotFoundException", "Could not find shard shardId-000000000042 in stream main under account 000000000000.");
    await h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "2", NewStartingHashKey: "300000000000000000000000000000000000000" }));
    await expectError(
      h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000001", NewStartingHashKey: "150000000000000000000000000000000000000" })),
      "ResourceInUseException",
      /Stream main under account 000000000000 not ACTIVE, instead in state UPDATING/,
    );
    await waitActive(h, "main");
  });
});
