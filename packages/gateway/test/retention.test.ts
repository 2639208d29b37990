/**
 * Records older than the stream's retention period really disappear. The
 * nodes are restarted with their retention clock 25 hours ahead, so records
 * written a moment ago are past a 24-hour retention.
 */
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive, waitFor } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "short", ShardCount: 1 }));
  await waitActive(h, "short");
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "resharded", ShardCount: 1 }));
  await waitActive(h, "resharded");
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

async function countFromTrimHorizon(): Promise<number> {
  const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "short", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
  const res = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  return res.Records?.length ?? 0;
}

it("deletes records once they are older than the retention period, and closed shards with them", async () => {
  for (let i = 0; i < 20; i++) await h.kinesis.send(new PutRecordCommand({ StreamName: "short", PartitionKey: "k", Data: new Uint8Array([i]) }));
  expect(await countFromTrimHorizon()).toBe(20);
  await h.kinesis.send(new PutRecordCommand({ StreamName: "resharded", PartitionKey: "k", Data: new Uint8Array([1]) }));
  await h.kinesis.send(new SplitShardCommand({ StreamName: "resharded", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "170141183460469231731687303715884105728" }));
  await waitActive(h, "resharded");
  const shardsOf = async () => ((await h.kinesis.send(new ListShardsCommand({ StreamName: "resharded" }))).Shards ?? []).map((s) => s.ShardId);
  expect(await shardsOf()).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
  const cluster = h.memory as NonNullable<typeof h.memory>;
  for (const n of cluster.names) await cluster.crash(n);
  cluster.setClockSkewMs(25 * 3_600_000);
  await Promise.all(cluster.names.map((n) => cluster.startNode(n)));
  await cluster.waitFor("a meta leader", () => cluster.metaLeader() !== undefined);
  await waitFor("records past retention to disappear", async () => (await countFromTrimHorizon().catch(() => -1)) === 0, 60_000, 500);
  // The closed parent's records are all past retention: the shard leaves the stream, its group every node.
  await waitFor("the closed shard to be dropped", async () => (await shardsOf().catch(() => [])).join() === "shardId-000000000001,shardId-000000000002", 60_000, 500);
  // The stream itself still works.
  const put = await waitFor("a new put", () => h.kinesis.send(new PutRecordCommand({ StreamName: "short", PartitionKey: "k", Data: new Uint8Array([99]) })).catch(() => undefined), 30_000, 200);
  expect(put.SequenceNumber).toMatch(/^\d{56}$/);
}, 180_000);
