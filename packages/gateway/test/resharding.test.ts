/**
 * Resharding under load, as a consumer sees it: producers write numbered
 * records per partition key while the stream is split, merged and scaled;
 * a consumer that reads each shard to its end and then its children (a
 * child only after all its parents) finds every acknowledged record once,
 * and each key's records in the order they were acknowledged.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, MergeShardsCommand, PutRecordsCommand, SplitShardCommand, UpdateShardCountCommand } from "@aws-sdk/client-kinesis";
import type { Shard } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive, waitFor } from "./harness.js";
import { CreateStreamCommand } from "@aws-sdk/client-kinesis";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "lineage", ShardCount: 2 }));
  await waitActive(h, "lineage");
}, 120_000);

afterAll(() => h?.stop());

/** Reads a shard from TRIM_HORIZON to its end (a closed shard) or until caught up (an open one). */
async function readShard(shardId: string): Promise<{ records: string[]; children: string[] }> {
  const records: string[] = [];
  let iterator = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "lineage", ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  for (let page = 0; page < 2_000 && iterator; page++) {
    const res = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    for (const r of res.Records ?? []) records.push(Buffer.from(r.Data ?? []).toString());
    if (!res.NextShardIterator) return { records, children: (res.ChildShards ?? []).map((c) => c.ShardId as string) };
    if ((res.Records ?? []).length === 0 && res.MillisBehindLatest === 0) break;
    iterator = res.NextShardIterator;
  }
  return { records, children: [] };
}

it("a consumer following ChildShards reads every acknowledged record once, each key in order, across splits, a merge and a scaling", async () => {
  const keys = Array.from({ length: 24 }, (_, i) => `key-${i}`);
  const acked = new Map<string, number[]>(keys.map((k) => [k, []]));
  let stop = false;
  let calls = 0;
  // Each producer owns its keys and waits for one call before the next, so each key's records are ordered.
  const producers = [0, 1, 2].map(async (p) => {
    const mine = keys.filter((_, i) => i % 3 === p);
    const next = new Map(mine.map((k) => [k, 1]));
    for (let round = 0; round < 5_000 && !stop; round++) {
      const batch = mine.map((k) => ({ key: k, n: next.get(k) as number }));
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "lineage", Records: batch.map((b) => ({ PartitionKey: b.key, Data: Buffer.from(`${b.key}:${b.n}`) })) })).catch(() => undefined);
      calls++;
      batch.forEach((b, i) => {
        next.set(b.key, b.n + 1); // a number is never used twice, acknowledged or not
        if (res?.Records?.[i]?.SequenceNumber) acked.get(b.key)?.push(b.n);
      });
    }
  });
  const total = () => [...acked.values()].reduce((n, l) => n + l.length, 0);
  const reshard = async (what: () => Promise<unknown>) => {
    const before = total();
    await what();
    await waitActive(h, "lineage");
    await waitFor("writes after the reshard", () => total() > before + 400, 30_000, 20);
  };
  await waitFor("load to be under way", () => total() > 200, 30_000, 20);
  await reshard(() => h.kinesis.send(new SplitShardCommand({ StreamName: "lineage", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "85070591730234615865843651857942052864" })));
  await reshard(() => h.kinesis.send(new SplitShardCommand({ StreamName: "lineage", ShardToSplit: "shardId-000000000001", NewStartingHashKey: "255211775190703847597530955573826158592" })));
  await reshard(() => h.kinesis.send(new MergeShardsCommand({ StreamName: "lineage", ShardToMerge: "shardId-000000000003", AdjacentShardToMerge: "shardId-000000000002" })));
  await reshard(() => h.kinesis.send(new UpdateShardCountCommand({ StreamName: "lineage", TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" })));
  stop = true;
  await Promise.all(producers);

  // Read parents before children: roots first; a child once every parent it names has been read to its end.
  const shards = new Map<string, Shard>(((await h.kinesis.send(new ListShardsCommand({ StreamName: "lineage" }))).Shards ?? []).map((s) => [s.ShardId as string, s]));
  const done = new Set<string>();
  const seen = new Map<string, number[]>(keys.map((k) => [k, []]));
  let queue = [...shards.values()].filter((s) => !s.ParentShardId).map((s) => s.ShardId as string);
  for (let guard = 0; queue.length > 0 && guard < 100; guard++) {
    const next: string[] = [];
    for (const id of queue) {
      if (done.has(id)) continue;
      const { records, children } = await readShard(id);
      done.add(id);
      for (const r of records) {
        const [key, n] = r.split(":");
        seen.get(key as string)?.push(Number(n));
      }
      for (const c of children) {
        const child = shards.get(c);
        const parents = [child?.ParentShardId, child?.AdjacentParentShardId].filter((p): p is string => p !== undefined);
        if (parents.every((p) => done.has(p))) next.push(c);
      }
    }
    queue = next;
  }
  expect([...done].sort()).toEqual([...shards.keys()].sort()); // every shard reached through the lineage
  let records = 0;
  for (const key of keys) {
    const read = seen.get(key) as number[];
    records += read.length;
    expect(new Set(read).size, `${key} read twice`).toBe(read.length);
    for (let i = 1; i < read.length; i++) expect(read[i]! > read[i - 1]!, `${key} out of order`).toBe(true);
    const readSet = new Set(read);
    for (const n of acked.get(key) as number[]) expect(readSet.has(n), `${key}:${n} acknowledged but not read`).toBe(true);
  }
  console.log(`resharding: ${calls} PutRecords calls, ${total()} records acknowledged, ${records} read through ${done.size} shards (split, split, merge, scale 3 -> 4)`);
}, 180_000);
