/** ListShards: paging by MaxResults and NextToken, ExclusiveStartShardId, ShardFilter, and AWS's refusals. */
import { ListShardsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

describe("ListShards", () => {
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

  it("refuses NextToken with StreamName, an expired token and a forged one", async () => {
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
});
