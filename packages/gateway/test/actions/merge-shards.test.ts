/** MergeShards: two adjacent shards into one; both parents close, the child takes their keys. */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, MergeShardsCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("MergeShards", () => h);

describe("MergeShards: functionality", () => {
  it("merges two adjacent shards (in either order): both close, one child takes both ranges", async () => {
    await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "a", ExplicitHashKey: "200000000000000000000000000000000000000", Data: Buffer.from("in-1") }));
    await h.kinesis.send(new MergeShardsCommand({ StreamName: "main", ShardToMerge: "shardId-000000000002", AdjacentShardToMerge: "shardId-000000000001" }));
    await waitActive(h, "main");
    const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName: "main" }))).Shards ?? [];
    const child = shards.find((s) => s.ShardId === "shardId-000000000003");
    expect(child).toEqual({
      ShardId: "shardId-000000000003",
      ParentShardId: "shardId-000000000002",
      AdjacentParentShardId: "shardId-000000000001",
      HashKeyRange: { StartingHashKey: "113427455640312821154458202477256070485", EndingHashKey: "340282366920938463463374607431768211455" },
      SequenceNumberRange: { StartingSequenceNumber: expect.stringMatching(/^\d{56}$/) },
    });
    for (const id of ["shardId-000000000001", "shardId-000000000002"]) expect(shards.find((s) => s.ShardId === id)?.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{56}$/);
    const after = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "a", ExplicitHashKey: "200000000000000000000000000000000000000", Data: Buffer.from("in-3") }));
    expect(after.ShardId).toBe("shardId-000000000003");
    const it1 = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000001", ShardIteratorType: "TRIM_HORIZON" }));
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it1.ShardIterator }));
    expect(got.Records?.map((r) => Buffer.from(r.Data ?? []).toString())).toEqual(["in-1"]);
    expect(got.ChildShards?.map((c) => [c.ShardId, c.ParentShards])).toEqual([["shardId-000000000003", ["shardId-000000000002", "shardId-000000000001"]]]);
  });

  it("refuses shards that are not adjacent, a closed shard and an unknown one", async () => {
    await expectError(
      h.kinesis.send(new MergeShardsCommand({ StreamName: "main", ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000000" })),
      "InvalidArgumentException",
      "Shards shardId-000000000000 and shardId-000000000000 in stream main under account 000000000000 are not an adjacent pair of shards eligible for merging",
    );
    await expectError(
      h.kinesis.send(new MergeShardsCommand({ StreamName: "main", ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001" })),
      "InvalidArgumentException",
      "Shard shardId-000000000001 in stream main under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.",
    );
    await expectError(h.kinesis.send(new MergeShardsCommand({ StreamName: "main", ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000009" })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new MergeShardsCommand({ StreamName: "absent", ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001" })), "ResourceNotFoundException");
  });
});
