/**
 * Enhanced fan-out: how soon a record put reaches a SubscribeToShard
 * consumer, beside a GetRecords poller, and what many consumers of one shard
 * cost the nodes.
 *
 * Latency: a producer puts one record at a time at a fixed rate (100 and
 * 1,000 records/s on one shard); a subscriber and a GetRecords poller (which
 * polls again at once after a non-empty answer, after 200 ms after an empty
 * one: the shortest interval Kinesis' 5 reads/s per shard allows) read the
 * same shard. Put-to-receive is from the PutRecord call's start to the
 * record arriving at each reader.
 *
 * Fan-out: 1, 5 and 20 consumers subscribe to one shard under a fixed write
 * rate; delivered records/s (all consumers together), and each node's CPU,
 * the shard's leader apart.
 */
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand, RegisterStreamConsumerCommand, DescribeStreamConsumerCommand, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { NodeName } from "@tributary/testkit";
import { sleep, waitFor } from "@tributary/testkit";
import { cpuMeter } from "./process-stats.js";
import type { LatencySummary } from "./stats.js";
import { now, summarize } from "./stats.js";
import { kinesisClient, startTributary } from "./targets.js";
import { createStream } from "./throughput.js";

export interface LatencyPhase {
  recordsPerSecond: number;
  records: number;
  subscribe: LatencySummary;
  poll: LatencySummary;
}

export interface FanoutPhase {
  consumers: number;
  /** Records put per second (one shard). */
  writeRecordsPerSecond: number;
  /** Records received per second by all consumers together. */
  deliveredRecordsPerSecond: number;
  /** Records every consumer received, of those put. */
  complete: boolean;
  /** CPU (% of one core) of the shard's leader, and of each other node. */
  leaderCpu: number;
  followerCpu: number[];
}

export interface FanoutReport {
  latency: LatencyPhase[];
  fanout: FanoutPhase[];
  seconds: number;
}

const nodes: NodeName[] = ["az-a", "az-b", "az-c"];

async function registerActive(kinesis: KinesisClient, stream: string, name: string): Promise<string> {
  const streamArn = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamARN;
  const arn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }))).Consumer?.ConsumerARN as string;
  await waitFor(`${name} to be ACTIVE`, async () => (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription?.ConsumerStatus === "ACTIVE", 30_000, 50);
  return arn;
}

/** Subscribes from LATEST (again whenever a subscription ends) and calls `onRecord` with each record's data as it arrives, until `stop`. */
function subscriber(kinesis: KinesisClient, arn: string, stop: AbortSignal, onRecord: (data: Uint8Array) => void): Promise<void> {
  return (async () => {
    let continuation: string | undefined;
    for (let n = 0; n < 1_000 && !stop.aborted; n++) {
      try {
        const start = continuation ? { Type: "AFTER_SEQUENCE_NUMBER" as const, SequenceNumber: continuation } : { Type: "LATEST" as const };
        const res = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: "shardId-000000000000", StartingPosition: start }), { abortSignal: stop });
        for await (const e of res.EventStream ?? []) {
          for (const r of e.SubscribeToShardEvent?.Records ?? []) onRecord(r.Data ?? new Uint8Array());
          continuation = e.SubscribeToShardEvent?.ContinuationSequenceNumber ?? continuation;
        }
      } catch {
        if (!stop.aborted) await sleep(200);
      }
    }
  })();
}

/** Polls GetRecords from LATEST, as a polling consumer reads at the least interval Kinesis allows. */
function poller(kinesis: KinesisClient, stream: string, stop: AbortSignal, onRecord: (data: Uint8Array) => void): Promise<void> {
  return (async () => {
    let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }))).ShardIterator;
    for (let n = 0; n < 10_000_000 && iterator && !stop.aborted; n++) {
      const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })).catch(() => undefined);
      if (!res) {
        await sleep(200);
        continue;
      }
      for (const r of res.Records ?? []) onRecord(r.Data ?? new Uint8Array());
      iterator = res.NextShardIterator;
      if ((res.Records ?? []).length === 0) await sleep(200);
    }
  })();
}

const idOf = (data: Uint8Array) => Buffer.from(data).toString("utf8", 0, 24).split("|")[0] as string;

async function latencyPhase(kinesis: KinesisClient, rate: number, seconds: number): Promise<LatencyPhase> {
  const stream = `latency-${rate}`;
  await createStream(kinesis, stream, 1);
  const arn = await registerActive(kinesis, stream, "bench");
  const sentAt = new Map<string, number>();
  const pushed = new Map<string, number>();
  const polled = new Map<string, number>();
  const stop = new AbortController();
  const readers = [
    subscriber(kinesis, arn, stop.signal, (d) => pushed.set(idOf(d), now())),
    poller(kinesis, stream, stop.signal, (d) => polled.set(idOf(d), now())),
  ];
  await sleep(1_500);
  const padding = Buffer.alloc(100, 0x2e);
  const started = now();
  const total = Math.round(rate * seconds);
  const inFlight = new Set<Promise<unknown>>();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    if (due > now()) await sleep(due - now());
    if (inFlight.size >= 256) await Promise.race(inFlight);
    const id = `r${rate}-${n}`;
    sentAt.set(id, now());
    const p = kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: id, Data: Buffer.concat([Buffer.from(`${id}|`), padding]) })).catch(() => sentAt.delete(id));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  await waitFor("both readers to see every record", () => [...sentAt.keys()].every((id) => pushed.has(id) && polled.has(id)), 10_000, 20).catch(() => undefined);
  stop.abort();
  await Promise.all(readers);
  const delays = (seen: Map<string, number>) => [...sentAt].filter(([id]) => seen.has(id)).map(([id, at]) => (seen.get(id) as number) - at);
  const phase = { recordsPerSecond: rate, records: sentAt.size, subscribe: summarize(delays(pushed)), poll: summarize(delays(polled)) };
  process.stdout.write(`  ${rate} records/s: SubscribeToShard p50 ${phase.subscribe.p50} ms, p99 ${phase.subscribe.p99} ms, max ${phase.subscribe.max} ms; GetRecords polling p50 ${phase.poll.p50} ms, p99 ${phase.poll.p99} ms\n`);
  return phase;
}

async function fanoutPhase(backend: Awaited<ReturnType<typeof startTributary>>["backend"], kinesis: KinesisClient, consumers: number, seconds: number): Promise<FanoutPhase> {
  const stream = `fanout-${consumers}`;
  await createStream(kinesis, stream, 1);
  const arns: string[] = [];
  for (let i = 0; i < consumers; i++) arns.push(await registerActive(kinesis, stream, `c${i}`));
  const group = (await backend.catalog()).streams.find((s) => s.name === stream)?.shards[0]?.groupId as number;
  const leader = (await backend.leaderOf(group)) as NodeName;
  const stop = new AbortController();
  const received = arns.map(() => 0);
  // Each consumer has its own client (its own HTTP/2 connection), as separate applications would.
  const clients = arns.map((_, i) => (i === 0 ? kinesis : kinesisClient(backend.endpoint, "h2")));
  const readers = arns.map((arn, i) => subscriber(clients[i] as KinesisClient, arn, stop.signal, () => (received[i] = (received[i] ?? 0) + 1)));
  await sleep(1_500);
  const cpu = cpuMeter(new Map(nodes.map((n) => [n, backend.pid(n) as number])));
  const started = now();
  let put = 0;
  // PutRecords of 100 every 50 ms: 2,000 records/s.
  for (let b = 0; now() - started < seconds * 1000; b++) {
    const due = started + b * 50;
    if (due > now()) await sleep(due - now());
    const records = Array.from({ length: 100 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(100, 0x2e) }));
    const res = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records })).catch(() => undefined);
    put += (res?.Records ?? []).filter((r) => r.SequenceNumber).length;
  }
  await waitFor("every consumer to receive every record", () => received.every((n) => n >= put), 15_000, 20).catch(() => undefined);
  const elapsed = (now() - started) / 1000;
  const usage = cpu();
  stop.abort();
  await Promise.all(readers);
  for (const c of clients.slice(1)) c.destroy();
  const delivered = received.reduce((a, b) => a + b, 0);
  const phase = {
    consumers,
    writeRecordsPerSecond: Math.round(put / elapsed),
    deliveredRecordsPerSecond: Math.round(delivered / elapsed),
    complete: received.every((n) => n >= put),
    leaderCpu: usage.get(leader) ?? 0,
    followerCpu: nodes.filter((n) => n !== leader).map((n) => usage.get(n) ?? 0),
  };
  process.stdout.write(`  ${consumers} consumers: ${phase.deliveredRecordsPerSecond} records/s delivered (${phase.writeRecordsPerSecond} put), leader CPU ${phase.leaderCpu}%, followers ${phase.followerCpu.join("% / ")}%\n`);
  return phase;
}

export async function fanoutBenchmark(seconds: number): Promise<FanoutReport> {
  const target = await startTributary(["--log-level", "warn"]);
  const kinesis = kinesisClient(target.endpoint, "h2");
  try {
    const latency: LatencyPhase[] = [];
    for (const rate of [100, 1_000]) latency.push(await latencyPhase(kinesis, rate, seconds));
    const fanout: FanoutPhase[] = [];
    for (const consumers of [1, 5, 20]) fanout.push(await fanoutPhase(target.backend, kinesis, consumers, seconds));
    return { latency, fanout, seconds };
  } finally {
    kinesis.destroy();
    await target.stop();
  }
}

export function formatFanout(r: FanoutReport): string {
  return [
    `enhanced fan-out: put-to-receive latency on one shard (${r.seconds} s per rate), from the PutRecord call's start`,
    "| records/s | reader | p50 (ms) | p99 (ms) | max (ms) | records |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.latency.flatMap((p) => [
      `| ${p.recordsPerSecond} | SubscribeToShard | ${p.subscribe.p50} | ${p.subscribe.p99} | ${p.subscribe.max} | ${p.subscribe.count}/${p.records} |`,
      `| ${p.recordsPerSecond} | GetRecords polling (200 ms when empty) | ${p.poll.p50} | ${p.poll.p99} | ${p.poll.max} | ${p.poll.count}/${p.records} |`,
    ]),
    "",
    `consumers of one shard under ${r.fanout[0]?.writeRecordsPerSecond ?? 0} records/s put`,
    "| consumers | delivered records/s | every record to every consumer | leader CPU % | followers' CPU % |",
    "| --- | --- | --- | --- | --- |",
    ...r.fanout.map((p) => `| ${p.consumers} | ${p.deliveredRecordsPerSecond} | ${p.complete ? "yes" : "no"} | ${p.leaderCpu} | ${p.followerCpu.join(" / ")} |`),
  ].join("\n");
}
