/** UpdateShardCount: UNIFORM_SCALING through splits and merges, within AWS's limits. */
import { DescribeStreamSummaryCommand, ListShardsCommand, UpdateShardCountCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

async function openRanges(): Promise<[string, string][]> {
  const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ShardFilter: { Type: "AT_LATEST" } }))).Shards ?? [];
  return shards.map((s): [string, string] => [s.HashKeyRange?.StartingHashKey as string, s.HashKeyRange?.EndingHashKey as string]).sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
}

const HASH_KEY_MAX = (1n << 128n) - 1n;
/** The even split of the key space into n ranges, as Kinesis makes it. */
const even = (n: number) =>
  Array.from({ length: n }, (_, i) => [((HASH_KEY_MAX + 1n) * BigInt(i)) / BigInt(n), i === n - 1 ? HASH_KEY_MAX : ((HASH_KEY_MAX + 1n) * BigInt(i + 1)) / BigInt(n) - 1n].map(String));

specBlocks("UpdateShardCount", () => h);

describe("UpdateShardCount: functionality", () => {
  it("scales 3 -> 5 -> 3 shards, each time to an even split of the key space", async () => {
    const up = await h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 5, ScalingType: "UNIFORM_SCALING" }));
    expect(up).toMatchObject({ StreamName: "main", CurrentShardCount: 3, TargetShardCount: 5 });
    await waitActive(h, "main");
    expect(await openRanges()).toEqual(even(5));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.OpenShardCount).toBe(5);
    await h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 3, ScalingType: "UNIFORM_SCALING" }));
    await waitActive(h, "main");
    expect(await openRanges()).toEqual(even(3));
    expect((await openRanges()).at(-1)?.[1]).toBe(HASH_KEY_MAX.toString());
  }, 60_000);

  it("refuses more than double, less than half, and a stream not ACTIVE", async () => {
    await expectError(
      h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 7, ScalingType: "UNIFORM_SCALING" })),
      "LimitExceededException",
      "UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 3 Target shard count: 7",
    );
    await expectError(
      h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 1, ScalingType: "UNIFORM_SCALING" })),
      "LimitExceededException",
      "UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 3 Target shard count: 1",
    );
    await h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" }));
    await expectError(h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" })), "ResourceInUseException");
    await waitActive(h, "main");
    await expectError(h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 2, ScalingType: "BOGUS" as "UNIFORM_SCALING" })), "ValidationException");
  }, 60_000);

  it("allows ten scalings per rolling 24 hours", async () => {
    // Three scalings so far in this file; seven more alternate 4 <-> 5.
    for (let i = 0; i < 7; i++) {
      await h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: i % 2 === 0 ? 5 : 4, ScalingType: "UNIFORM_SCALING" }));
      await waitActive(h, "main");
    }
    await expectError(h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" })), "LimitExceededException", /within a rolling 24-hour period/);
  }, 120_000);
});
