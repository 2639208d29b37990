/**
 * Throughput and latency through the AWS SDK: PutRecords (500 × 1 KiB) at
 * several numbers of requests in flight, PutRecord from 32 concurrent
 * callers, GetRecords read-back from TRIM_HORIZON, and put-to-get latency
 * (acknowledgement to a polling consumer seeing the record). Every phase is
 * bounded in time and prints a progress line while it runs.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { randomBytes } from "node:crypto";
import { sleep, waitFor } from "@tributary/testkit";
import type { LatencySummary } from "./stats.js";
import type { Call } from "./callers.js";
import { runCallers, Tally } from "./callers.js";
import { histogram, now, summarize } from "./stats.js";


export async function createStream(kinesis: KinesisClient, name: string, shards: number, timeoutMs = 120_000): Promise<number> {
  const t0 = now();
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitFor(`${name} to be ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus === "ACTIVE", timeoutMs, 50);
  return now() - t0;
}

export async function shardIds(kinesis: KinesisClient, stream: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const res = await kinesis.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: stream }));
    ids.push(...(res.Shards ?? []).map((s) => s.ShardId as string));
    token = res.NextToken;
    if (!token) break;
  }
  return ids;
}

export interface PutPhase {
  phase: string;
  seconds: number;
  calls: number;
  records: number;
  failedRecords: number;
  failedCalls: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  /** Latency of each call (a whole batch for PutRecords). */
  latencyMs: LatencySummary;
  /** How the call latencies spread (buckets up to a bound in ms; null: beyond the last bound). */
  latencyHistogram: { upToMs: number | null; count: number }[];
  /** Records acknowledged in each second. */
  perSecond: number[];
}

function progressLine(label: string, started: number, count: () => number): NodeJS.Timeout {
  return setInterval(() => process.stdout.write(`  ${label}: ${Math.round(count() / ((now() - started) / 1000))} records/s so far\n`), 2_000);
}

/** Runs `concurrency` callers of `call` for `seconds` (callers.ts), with a progress line, and sums up. */
async function putPhase(label: string, concurrency: number, seconds: number, recordBytes: number, call: Call): Promise<PutPhase> {
  const tally = new Tally();
  const timer = progressLine(label, now(), () => tally.records);
  const elapsed = (await runCallers(tally, concurrency, seconds, call)) / 1000;
  clearInterval(timer);
  const { latencies, records, failedRecords, failedCalls } = tally;
  return {
    phase: label,
    seconds: elapsed,
    calls: latencies.length + failedCalls,
    records,
    failedRecords,
    failedCalls,
    recordsPerSecond: Math.round(records / elapsed),
    megabytesPerSecond: Math.round(((records * recordBytes) / elapsed / 1e6) * 100) / 100,
    latencyMs: summarize(latencies),
    latencyHistogram: histogram(latencies),
    perSecond: Array.from(tally.perSecond, (x) => x ?? 0),
  };
}

/** PutRecords of `batch` × `recordBytes` records with `inFlight` calls outstanding, for `seconds`. */
export function putRecordsPhase(kinesis: KinesisClient, stream: string, inFlight: number, seconds: number, batch = 500, recordBytes = 1024): Promise<PutPhase> {
  const payload = randomBytes(recordBytes);
  let n = 0;
  return putPhase(`PutRecords ${batch} × ${recordBytes} B, ${inFlight} in flight`, inFlight, seconds, recordBytes, async (w) => {
    const entries = Array.from({ length: batch }, () => ({ PartitionKey: `w${w}-${n++}`, Data: payload }));
    const res = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
    const failed = res.FailedRecordCount ?? 0;
    return { ok: batch - failed, failed };
  });
}

/** PutRecord of one `recordBytes` record from `callers` concurrent callers, for `seconds`. */
export function putRecordPhase(kinesis: KinesisClient, stream: string, callers: number, seconds: number, recordBytes = 1024): Promise<PutPhase> {
  const payload = randomBytes(recordBytes);
  let n = 0;
  return putPhase(`PutRecord × ${recordBytes} B, ${callers} callers`, callers, seconds, recordBytes, async (c) => {
    await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `c${c}-${n++}`, Data: payload }));
    return { ok: 1, failed: 0 };
  });
}

export interface ReadPhase {
  phase: string;
  seconds: number;
  records: number;
  calls: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  /** Whether every shard was read to its end within the time allowed. */
  complete: boolean;
}

/** Reads every shard from TRIM_HORIZON to its end, shards in parallel, for at most `maxSeconds`. */
export async function getRecordsPhase(kinesis: KinesisClient, stream: string, maxSeconds: number): Promise<ReadPhase> {
  const started = now();
  const deadline = started + maxSeconds * 1000;
  let records = 0;
  let bytes = 0;
  let calls = 0;
  let complete = true;
  const timer = progressLine("GetRecords from TRIM_HORIZON", started, () => records);
  await Promise.all(
    (await shardIds(kinesis, stream)).map(async (shard) => {
      let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
      while (iterator) {
        if (now() > deadline) {
          complete = false;
          return;
        }
        const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        calls++;
        const got = res.Records ?? [];
        records += got.length;
        for (const r of got) bytes += r.Data?.byteLength ?? 0;
        if (got.length === 0 && (res.MillisBehindLatest ?? 0) === 0) return;
        iterator = res.NextShardIterator;
      }
    }),
  );
  clearInterval(timer);
  const elapsed = (now() - started) / 1000;
  return { phase: "GetRecords from TRIM_HORIZON", seconds: elapsed, records, calls, recordsPerSecond: Math.round(records / elapsed), megabytesPerSecond: Math.round((bytes / elapsed / 1e6) * 100) / 100, complete };
}

export interface PutToGetPhase {
  phase: string;
  records: number;
  seen: number;
  /** From the producer's acknowledgement to a consumer polling every `pollMs` seeing the record. */
  latencyMs: LatencySummary;
  pollMs: number;
}

/**
 * One producer puts a record every `intervalMs`; one consumer per shard polls
 * GetRecords from LATEST, sleeping `pollMs` when a poll comes back empty.
 */
export async function putToGetPhase(kinesis: KinesisClient, stream: string, seconds: number, intervalMs = 20, pollMs = 20): Promise<PutToGetPhase> {
  const acked = new Map<string, number>();
  const seen = new Map<string, number>();
  let stop = false;
  // Each consumer first gets its iterator (awaited here), then polls until told to stop.
  const iterators = await Promise.all(
    (await shardIds(kinesis, stream)).map(async (shard) => (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard, ShardIteratorType: "LATEST" }))).ShardIterator),
  );
  const consumers = iterators.map((first) => {
    let iterator = first;
    return (async () => {
      while (iterator && !stop) {
        const res = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })).catch(() => undefined);
        const at = now();
        if (!res) {
          await sleep(pollMs);
          continue;
        }
        for (const r of res.Records ?? []) {
          const id = Buffer.from(r.Data ?? new Uint8Array()).toString("utf8", 0, 16).split("|")[0] as string;
          if (!seen.has(id)) seen.set(id, at);
        }
        iterator = res.NextShardIterator;
        if ((res.Records ?? []).length === 0) await sleep(pollMs);
      }
    })();
  });
  const started = now();
  const timer = progressLine("put-to-get", started, () => acked.size);
  const padding = Buffer.alloc(1000, 0x2e);
  for (let n = 0; now() - started < seconds * 1000; n++) {
    const id = `ptg${n}`;
    const t0 = now();
    try {
      await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: id, Data: Buffer.concat([Buffer.from(`${id}|`), padding]) }));
      acked.set(id, now());
    } catch {
      /* counted as not acknowledged */
    }
    await sleep(Math.max(0, intervalMs - (now() - t0)));
  }
  await waitFor("the consumers to see every record", () => [...acked.keys()].every((id) => seen.has(id)), 5_000, 20).catch(() => undefined);
  clearInterval(timer);
  stop = true;
  await Promise.all(consumers);
  const latencies = [...acked].filter(([id]) => seen.has(id)).map(([id, at]) => Math.max(0, (seen.get(id) as number) - at));
  return { phase: `put-to-get (one record every ${intervalMs} ms, polling every ${pollMs} ms)`, records: acked.size, seen: latencies.length, latencyMs: summarize(latencies), pollMs };
}
