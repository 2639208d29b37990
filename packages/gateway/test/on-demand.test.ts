/**
 * An ON_DEMAND stream scales itself: a shard that stays hot is split, and
 * once the load is gone two cold neighbours are merged back, never below the
 * least an on-demand stream keeps (four shards). Thresholds are lowered so
 * the test runs in seconds.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive, waitFor } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ scaling: { windowMs: 2_000, splitRecordsPerSecond: 40, splitBytesPerSecond: 10_000_000, mergeRecordsPerSecond: 5, mergeBytesPerSecond: 1_000_000, shardsMin: 4 } });
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "elastic", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  await waitActive(h, "elastic");
}, 120_000);

afterAll(() => h?.stop());

const open = async () => (await h.kinesis.send(new ListShardsCommand({ StreamName: "elastic", ShardFilter: { Type: "AT_LATEST" } }))).Shards ?? [];

it("splits a shard under a skewed load, then merges cold shards back when the load stops", async () => {
  expect(await open()).toHaveLength(4);
  let stop = false;
  // Every record to shard 0 (hash keys near 0): about 200 records/s there, nothing elsewhere.
  const load = (async () => {
    for (let i = 0; i < 3_000 && !stop; i++) {
      await h.kinesis.send(new PutRecordsCommand({ StreamName: "elastic", Records: Array.from({ length: 20 }, (_, k) => ({ PartitionKey: `p${k}`, ExplicitHashKey: String(1_000 + k), Data: Buffer.from("x") })) }));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const split = await waitFor("the hot shard to be split", async () => {
    const shards = await open();
    return shards.length === 5 ? shards : undefined;
  }, 60_000, 250);
  stop = true;
  await load;
  expect(split.filter((s) => s.ParentShardId === "shardId-000000000000").map((s) => s.HashKeyRange?.StartingHashKey)).toEqual(["0", "42535295865117307932921825928971026432"]);
  expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "elastic" }))).StreamDescriptionSummary?.OpenShardCount).toBe(5);
  // No load: two cold neighbours merge, back to the four an on-demand stream keeps, and no further.
  const merged = await waitFor("cold shards to be merged", async () => {
    const shards = await open();
    return shards.length === 4 && shards.some((s) => s.AdjacentParentShardId) ? shards : undefined;
  }, 60_000, 250);
  expect(merged).toHaveLength(4);
  await new Promise((r) => setTimeout(r, 5_000));
  expect(await open()).toHaveLength(4);
}, 180_000);
