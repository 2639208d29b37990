/** ListShards: paging by MaxResults and NextToken, ExclusiveStartShardId, ShardFilter, and AWS's refusals. */
import { ListShardsCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import type { ShardFilter } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("ListShards", () => h);

describe("ListShards: functionality", () => {
  it("pages with MaxResults and NextToken, and filters", async () => {
    const first = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", MaxResults: 2 }));
    expect(first.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    const rest = await h.kinesis.send(new ListShardsCommand({ NextToken: first.NextToken }));
    expect(rest.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
    expect(rest.NextToken).toBeUndefined();
    const after = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ShardFilter: { Type: "AFTER_SHARD_ID", ShardId: "shardId-000000000000" } }));
    expect(after.Shards).toHaveLength(2);
    const start = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ExclusiveStartShardId: "shardId-000000000001" }));
    expect(start.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
  });

  it.skipIf(external)("refuses NextToken with StreamName, an expired token and a forged one", async () => {
    const first = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", MaxResults: 1 }));
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "main", NextToken: first.NextToken })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new ListShardsCommand({ NextToken: `${first.NextToken}x` })), "InvalidArgumentException");
    h.clockOffset.ms = 301_000;
    try {
      await expectError(h.kinesis.send(new ListShardsCommand({ NextToken: first.NextToken })), "ExpiredNextTokenException");
    } finally {
      h.clockOffset.ms = 0;
    }
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "absent" })), "ResourceNotFoundException");
  });

  it("filters a stream with closed shards by every ShardFilter type", async () => {
    const ids = async (filter: ShardFilter) => ((await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ShardFilter: filter }))).Shards ?? []).map((s) => s.ShardId);
    await new Promise((r) => setTimeout(r, 1_100));
    const beforeSplit = new Date();
    await new Promise((r) => setTimeout(r, 1_100));
    await h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000001", NewStartingHashKey: "170141183460469231731687303715884105728" }));
    await waitActive(h, "main");
    await new Promise((r) => setTimeout(r, 1_100));
    const afterSplit = new Date();
    const all = ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"];
    const open = ["shardId-000000000000", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"];
    const original = ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"];
    expect(await ids({ Type: "AT_LATEST" })).toEqual(open);
    expect(await ids({ Type: "FROM_TRIM_HORIZON" })).toEqual(all);
    expect(await ids({ Type: "AT_TRIM_HORIZON" })).toEqual(original);
    expect(await ids({ Type: "AT_TIMESTAMP", Timestamp: beforeSplit })).toEqual(original);
    expect(await ids({ Type: "AT_TIMESTAMP", Timestamp: afterSplit })).toEqual(open);
    expect(await ids({ Type: "FROM_TIMESTAMP", Timestamp: beforeSplit })).toEqual(all);
    expect(await ids({ Type: "FROM_TIMESTAMP", Timestamp: afterSplit })).toEqual(open);
    expect(await ids({ Type: "AFTER_SHARD_ID", ShardId: "shardId-000000000001" })).toEqual(["shardId-000000000002", "shardId-000000000003", "shardId-000000000004"]);
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "main", ShardFilter: { Type: "AT_TIMESTAMP" } })), "InvalidArgumentException");
  });
});
