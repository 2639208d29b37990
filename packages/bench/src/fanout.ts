/**
 * Enhanced fan-out: how soon a record put reaches a SubscribeToShard
 * consumer, beside a GetRecords poller, and what many consumers of one shard
 * cost the nodes.
 *
 * Latency: a producer puts records at a fixed rate on one shard (100
 * records/s as one PutRecord each; 1,000 records/s as a PutRecords of 10
 * every 10 ms, as producers batch); a subscriber and a GetRecords poller (which
 * polls again at once after a non-empty answer, after 200 ms after an empty
 * one: the shortest interval Kinesis' 5 reads/s per shard allows) read the
 * shard, one after the other. Put-to-receive is from the put call's start
 * to the record arriving at the reader (and, apart, from its
 * acknowledgement).
 *
 * Fan-out: 1, 5 and 20 consumers subscribe to one shard under a fixed write
 * rate; delivered records/s (all consumers together), and each node's CPU,
 * the shard's leader apart.
 */
import { setMaxListeners } from "node:events";
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
  /** From the put call's start to the record's arrival. */
  subscribe: LatencySummary;
  poll: LatencySummary;
  /** From the put's acknowledgement to the record's arrival (negative: it arrived first). */
  subscribeAfterAck: LatencySummary;
  pollAfterAck: LatencySummary;
  /** The put calls themselves. */
  put: LatencySummary;
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

interface ReaderRun {
  sentAt: Map<string, number>;
  ackedAt: Map<string, number>;
  seenAt: Map<string, number>;
}

/** Puts at `rate` for `seconds` while one reader reads the shard; when each record was sent, acknowledged and seen. */
async function readerRun(producer: KinesisClient, stream: string, read: (stop: AbortSignal, onRecord: (d: Uint8Array) => void) => Promise<void>, rate: number, seconds: number, tag: string): Promise<ReaderRun> {
  const run: ReaderRun = { sentAt: new Map(), ackedAt: new Map(), seenAt: new Map() };
  const stop = new AbortController();
  const reader = read(stop.signal, (d) => run.seenAt.set(idOf(d), now()));
  await sleep(1_500);
  const padding = Buffer.alloc(100, 0x2e);
  const started = now();
  // Up to 100 calls/s: one record per PutRecord at 100 records/s, PutRecords of 10 every 10 ms at 1,000.
  const perCall = Math.max(1, Math.round(rate / 100));
  const calls = Math.round((rate * seconds) / perCall);
  const inFlight = new Set<Promise<unknown>>();
  for (let n = 0; n < calls; n++) {
    const due = started + (n * perCall * 1000) / rate;
    if (due > now()) await sleep(due - now());
    if (inFlight.size >= 256) await Promise.race(inFlight);
    const ids = Array.from({ length: perCall }, (_, i) => `${tag}-${n}-${i}`);
    const t0 = now();
    for (const id of ids) run.sentAt.set(id, t0);
    const data = (id: string) => Buffer.concat([Buffer.from(`${id}|`), padding]);
    const call =
      perCall === 1
        ? producer.send(new PutRecordCommand({ StreamName: stream, PartitionKey: ids[0], Data: data(ids[0] as string) })).then(() => ids)
        : producer.send(new PutRecordsCommand({ StreamName: stream, Records: ids.map((id) => ({ PartitionKey: id, Data: data(id) })) })).then((res) => ids.filter((_, i) => res.Records?.[i]?.SequenceNumber));
    const p = call.then(
      (stored) => {
        const at = now();
        for (const id of ids) if (!stored.includes(id)) run.sentAt.delete(id);
        for (const id of stored) run.ackedAt.set(id, at);
      },
      () => {
        for (const id of ids) run.sentAt.delete(id);
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
  await waitFor("the reader to see every record", () => [...run.sentAt.keys()].every((id) => run.seenAt.has(id)), 10_000, 20).catch(() => undefined);
  stop.abort();
  await reader;
  return run;
}

/** The subscriber, then the poller, each alone with the producer (so neither's load weighs on the other's figures). */
async function latencyPhase(kinesis: KinesisClient, producer: KinesisClient, rate: number, seconds: number): Promise<LatencyPhase> {
  const stream = `latency-${rate}`;
  await createStream(kinesis, stream, 1);
  const arn = await registerActive(kinesis, stream, "bench");
  const pushed = await readerRun(producer, stream, (stop, on) => subscriber(kinesis, arn, stop, on), rate, seconds, `s${rate}`);
  const polled = await readerRun(producer, stream, (stop, on) => poller(kinesis, stream, stop, on), rate, seconds, `p${rate}`);
  const delays = (from: Map<string, number>, seen: Map<string, number>) => [...from].filter(([id]) => seen.has(id)).map(([id, at]) => (seen.get(id) as number) - at);
  const phase = {
    recordsPerSecond: rate,
    records: pushed.sentAt.size,
    subscribe: summarize(delays(pushed.sentAt, pushed.seenAt)),
    poll: summarize(delays(polled.sentAt, polled.seenAt)),
    subscribeAfterAck: summarize(delays(pushed.ackedAt, pushed.seenAt)),
    pollAfterAck: summarize(delays(polled.ackedAt, polled.seenAt)),
    put: summarize(delays(pushed.sentAt, pushed.ackedAt)),
  };
  process.stdout.write(
    `  ${rate} records/s: SubscribeToShard p50 ${phase.subscribe.p50} ms, p99 ${phase.subscribe.p99} ms, max ${phase.subscribe.max} ms; GetRecords polling p50 ${phase.poll.p50} ms, p99 ${phase.poll.p99} ms; the put call itself p50 ${phase.put.p50} ms, p99 ${phase.put.p99} ms\n`,
  );
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
  setMaxListeners(4 * consumers + 10, stop.signal); // every subscription listens to it
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
  // The producer keeps its connections (HTTP/1.1 keep-alive), as a producing application does; subscriptions are HTTP/2.
  const producer = kinesisClient(target.endpoint, "h1");
  try {
    const latency: LatencyPhase[] = [];
    for (const rate of [100, 1_000]) latency.push(await latencyPhase(kinesis, producer, rate, seconds));
    const fanout: FanoutPhase[] = [];
    for (const consumers of [1, 5, 20]) fanout.push(await fanoutPhase(target.backend, kinesis, consumers, seconds));
    return { latency, fanout, seconds };
  } finally {
    kinesis.destroy();
    producer.destroy();
    await target.stop();
  }
}

export function formatFanout(r: FanoutReport): string {
  return [
    `enhanced fan-out: put-to-receive latency on one shard (${r.seconds} s per rate), from the put call's start (and from its acknowledgement)`,
    "| records/s | reader | p50 (ms) | p99 (ms) | max (ms) | after the ack: p50 / p99 (ms) | records |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.latency.flatMap((p) => [
      `| ${p.recordsPerSecond} | SubscribeToShard | ${p.subscribe.p50} | ${p.subscribe.p99} | ${p.subscribe.max} | ${p.subscribeAfterAck.p50} / ${p.subscribeAfterAck.p99} | ${p.subscribe.count}/${p.records} |`,
      `| ${p.recordsPerSecond} | GetRecords polling (200 ms when empty) | ${p.poll.p50} | ${p.poll.p99} | ${p.poll.max} | ${p.pollAfterAck.p50} / ${p.pollAfterAck.p99} | ${p.poll.count}/${p.records} |`,
      `| ${p.recordsPerSecond} | (the put call itself) | ${p.put.p50} | ${p.put.p99} | ${p.put.max} | | |`,
    ]),
    "",
    `consumers of one shard under ${r.fanout[0]?.writeRecordsPerSecond ?? 0} records/s put`,
    "| consumers | delivered records/s | every record to every consumer | leader CPU % | followers' CPU % |",
    "| --- | --- | --- | --- | --- |",
    ...r.fanout.map((p) => `| ${p.consumers} | ${p.deliveredRecordsPerSecond} | ${p.complete ? "yes" : "no"} | ${p.leaderCpu} | ${p.followerCpu.join(" / ")} |`),
  ].join("\n");
}
