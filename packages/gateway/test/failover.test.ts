/**
 * Node kills under load, through the SDK. PutRecords while the leader of a
 * shard is SIGKILLed and restarted: every record the service acknowledged is
 * readable afterwards, from TRIM_HORIZON, with the sequence number it was
 * acknowledged with. A SubscribeToShard consumer while each node in turn is
 * killed (the replicas serving it among them): it receives every
 * acknowledged record, in order, exactly once.
 */
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordsCommand, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { NodeName, ProcessCluster } from "@tributary/testkit";
import type { Harness } from "./harness.js";
import { registerActiveConsumer, startHarness, waitActive, waitFor } from "./harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ processes: true });
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "load", ShardCount: 4 }));
  await waitActive(h, "load");
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

it("keeps every acknowledged record through a leader kill under PutRecords load", async () => {
  const acked = new Map<string, string>(); // sequence number -> payload
  let failed = 0;
  let batches = 0;
  let stop = false;
  const producers = Array.from({ length: 3 }, async (_, p) => {
    for (let b = 0; b < 2_000 && !stop; b++) {
      const records = Array.from({ length: 25 }, (_, i) => ({ PartitionKey: `p${p}-${b}-${i}`, Data: new TextEncoder().encode(`p${p}-${b}-${i}`) }));
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "load", Records: records })).catch(() => undefined);
      batches++;
      if (!res) {
        failed += records.length;
        continue;
      }
      res.Records?.forEach((r, i) => {
        if (r.SequenceNumber) acked.set(r.SequenceNumber, `p${p}-${b}-${i}`);
        else failed++;
      });
    }
  });
  await waitFor("load to be under way", () => acked.size > 500, 30_000, 20);
  const cluster = h.processes as ProcessCluster;
  const group = (await cluster.catalog()).streams.find((s) => s.name === "load")?.shards[1]?.groupId as number;
  const victim = (await cluster.leaderOf(group)) as NodeName;
  await cluster.kill(victim);
  const atKill = acked.size;
  await new Promise((r) => setTimeout(r, 2_000));
  await cluster.restart(victim);
  await waitFor("writes to go on after the kill", () => acked.size > atKill + 1_000, 60_000, 50);
  stop = true;
  await Promise.all(producers);

  // Read every shard from TRIM_HORIZON until caught up.
  const seen = new Map<string, string>();
  const payloadCounts = new Map<string, number>();
  const shards = (await h.kinesis.send(new ListShardsCommand({ StreamName: "load" }))).Shards ?? [];
  for (const shard of shards) {
    let iterator = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "load", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    let previous = -1n;
    for (let page = 0; page < 1_000 && iterator; page++) {
      const res = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const r of res.Records ?? []) {
        const seq = BigInt(r.SequenceNumber as string);
        expect(seq > previous).toBe(true); // in order within the shard
        previous = seq;
        const payload = new TextDecoder().decode(r.Data);
        seen.set(r.SequenceNumber as string, payload);
        payloadCounts.set(payload, (payloadCounts.get(payload) ?? 0) + 1);
      }
      if ((res.Records ?? []).length === 0 && res.MillisBehindLatest === 0) break;
      iterator = res.NextShardIterator;
    }
  }
  let lost = 0;
  for (const [seq, payload] of acked) if (seen.get(seq) !== payload) lost++;
  const duplicated = [...payloadCounts.values()].filter((n) => n > 1).length;
  console.log(
    `failover: ${batches} PutRecords calls, ${acked.size} records acknowledged, ${failed} failed (InternalFailure or call error), ${seen.size} readable, ${lost} acknowledged-but-lost, ${duplicated} stored twice (a retry after a lost reply); killed ${victim}`,
  );
  expect(lost).toBe(0);
}, 180_000);

it("delivers every acknowledged record to a subscriber exactly once and in order while each node in turn is killed", async () => {
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "fanout", ShardCount: 1 }));
  await waitActive(h, "fanout");
  const consumer = await registerActiveConsumer(h, "fanout", "app");
  const cluster = h.processes as ProcessCluster;
  const group = (await cluster.catalog()).streams.find((s) => s.name === "fanout")?.shards[0]?.groupId as number;

  // The consumer, as the KCL runs one: subscribe, and when a subscription ends, subscribe again after the last ContinuationSequenceNumber.
  const received: { seq: string; payload: string }[] = [];
  const endings: string[] = [];
  let continuation: string | undefined;
  let consuming = true;
  const stopConsuming = new AbortController();
  const consumerLoop = (async () => {
    for (let n = 0; consuming && n < 500; n++) {
      try {
        const start = continuation ? { Type: "AFTER_SEQUENCE_NUMBER" as const, SequenceNumber: continuation } : { Type: "TRIM_HORIZON" as const };
        const res = await h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000000", StartingPosition: start }), { abortSignal: stopConsuming.signal });
        for await (const e of res.EventStream ?? []) {
          const ev = e.SubscribeToShardEvent;
          if (!ev) continue;
          for (const r of ev.Records ?? []) received.push({ seq: r.SequenceNumber as string, payload: new TextDecoder().decode(r.Data) });
          continuation = ev.ContinuationSequenceNumber ?? continuation;
        }
        endings.push("ended");
      } catch (err) {
        if (!consuming) break;
        endings.push((err as Error).name);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  const acked = new Map<string, string>();
  let producing = true;
  const producer = (async () => {
    for (let b = 0; producing && b < 20_000; b++) {
      const records = Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, Data: new TextEncoder().encode(`f-${b}-${i}`) }));
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "fanout", Records: records })).catch(() => undefined);
      res?.Records?.forEach((r, i) => {
        if (r.SequenceNumber) acked.set(r.SequenceNumber, `f-${b}-${i}`);
      });
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  await waitFor("records to flow to the subscriber", () => received.length > 200, 30_000, 20);
  const leader = (await cluster.leaderOf(group)) as NodeName;
  const followers = (["az-a", "az-b", "az-c"] as NodeName[]).filter((n) => n !== leader);
  // Both followers (one of them serves the subscription), then the leader.
  for (const victim of [...followers, leader]) {
    await cluster.kill(victim);
    const atKill = received.length;
    await waitFor(`records to flow with ${victim} down`, () => received.length > atKill + 200, 60_000, 20);
    await cluster.restart(victim);
    await new Promise((r) => setTimeout(r, 2_000));
  }
  producing = false;
  await producer;
  const lastAcked = [...acked.keys()].map(BigInt).reduce((a, b) => (a > b ? a : b), 0n);
  await waitFor("the subscriber to receive the last acknowledged record", () => received.some((r) => BigInt(r.seq) >= lastAcked), 60_000, 50);
  consuming = false;
  stopConsuming.abort();
  await consumerLoop;

  let outOfOrder = 0;
  for (let i = 1; i < received.length; i++) if (BigInt((received[i] as { seq: string }).seq) <= BigInt((received[i - 1] as { seq: string }).seq)) outOfOrder++;
  const bySeq = new Map(received.map((r) => [r.seq, r.payload]));
  let missing = 0;
  for (const [seq, payload] of acked) if (bySeq.get(seq) !== payload) missing++;
  console.log(
    `fan-out failover: ${acked.size} records acknowledged, ${received.length} delivered, ${missing} acknowledged-but-not-delivered, ${outOfOrder} out of order or repeated; subscriptions ended by: ${endings.join(", ") || "none"}; killed ${[...followers, leader].join(", ")}`,
  );
  expect(outOfOrder).toBe(0);
  expect(missing).toBe(0);
}, 240_000);
