/**
 * The server-bound benchmark: the lean client (lean-client.ts) against our
 * cluster over HTTP/1.1 and HTTP/2 and against kinesalite over HTTP/1.1, in
 * the same run. Beside calls/s, records/s and latency, each phase reports
 * the servers' CPU time (all our processes summed; kinesalite's one) per
 * call and per 10,000 acknowledged records, and each run their memory.
 */
import { randomBytes } from "node:crypto";
import type { Call } from "./callers.js";
import { runCallers, Tally } from "./callers.js";
import { LeanClient } from "./lean-client.js";
import { cpuMs, rssMiB } from "./process-stats.js";
import type { LatencySummary } from "./stats.js";
import { summarize } from "./stats.js";
import type { Target, Transport } from "./targets.js";
import { startKinesalite, startTributary } from "./targets.js";

export interface LeanPhase {
  phase: string;
  callers: number;
  seconds: number;
  calls: number;
  records: number;
  failedCalls: number;
  failedRecords: number;
  callsPerSecond: number;
  recordsPerSecond: number;
  latencyMs: LatencySummary;
  /** The servers' CPU (user + system, all processes summed) per successful call. */
  serverCpuMsPerCall: number;
  serverCpuMsPer10kRecords: number;
  /** The servers' CPU as a share of one core, summed (200% = both cores of this machine). */
  serverCpuPercent: number;
  /** The client's own CPU as a share of one core. */
  clientCpuPercent: number;
}

export interface LeanRun {
  target: string;
  transport: Transport;
  putRecord: LeanPhase[];
  putRecords: LeanPhase[];
  getRecords: LeanPhase;
  /** Resident memory of the servers at the end of the run, summed (MiB). */
  serverMemoryMiB: number;
}

export interface LeanRatio {
  what: string;
  ours: number;
  kinesalite: number;
  ratio: number;
  target: string;
  met: boolean | undefined;
}

export interface LeanReport {
  benchmark: "lean";
  startedAt: string;
  secondsPerPhase: number;
  shards: number;
  recordBytes: number;
  runs: LeanRun[];
  ratios: LeanRatio[];
  /** Goals at one sequential PutRecord caller: p50 ≤ 1 ms and ≤ 1 ms of server CPU per call. */
  oneCaller: { p50Ms: number; serverCpuMsPerCall: number; p50Met: boolean; cpuMet: boolean } | undefined;
}

const shards = 4;
const recordBytes = 1024;
const putRecordCallers = [1, 8, 32, 64];
const putRecordsInFlight = [1, 4, 16];
const batch = 500;

function serverCpu(pids: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const pid of pids.values()) sum += cpuMs(pid) ?? 0;
  return sum;
}

/** One phase of `callers` callers (callers.ts), with the servers' and the client's CPU over it. */
async function phase(label: string, callers: number, seconds: number, pids: ReadonlyMap<string, number>, call: Call, finished?: (caller: number) => boolean): Promise<LeanPhase> {
  const cpu0 = serverCpu(pids);
  const client0 = process.cpuUsage();
  const tally = new Tally();
  const elapsedMs = await runCallers(tally, callers, seconds, call, finished);
  const cpu = serverCpu(pids) - cpu0;
  const client = process.cpuUsage(client0);
  const { latencies, records, failedRecords, failedCalls } = tally;
  const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;
  process.stdout.write(`  ${label}: ${Math.round((latencies.length * 1000) / elapsedMs)} calls/s, ${Math.round((records * 1000) / elapsedMs)} records/s\n`);
  return {
    phase: label,
    callers,
    seconds: round(elapsedMs / 1000),
    calls: latencies.length,
    records,
    failedCalls,
    failedRecords,
    callsPerSecond: Math.round((latencies.length * 1000) / elapsedMs),
    recordsPerSecond: Math.round((records * 1000) / elapsedMs),
    latencyMs: summarize(latencies),
    serverCpuMsPerCall: round(cpu / Math.max(1, latencies.length), 3),
    serverCpuMsPer10kRecords: Math.round((cpu / Math.max(1, records)) * 10_000),
    serverCpuPercent: round((cpu / elapsedMs) * 100, 1),
    clientCpuPercent: round(((client.user + client.system) / 1000 / elapsedMs) * 100, 1),
  };
}

/** One lean PutRecord phase against `target` (for profiles): `callers` sequential callers, `seconds` long. */
export async function leanPutRecordPhase(target: Target, transport: Transport, callers: number, seconds: number): Promise<LeanPhase> {
  const client = new LeanClient(target.endpoint, transport, callers);
  const stream = `lean-profile-${transport}`;
  try {
    await client.createStream(stream, shards);
    const data = randomBytes(recordBytes).toString("base64");
    const bodies = Array.from({ length: 256 }, (_, i) => LeanClient.body({ StreamName: stream, PartitionKey: `key-${i}`, Data: data }));
    let n = 0;
    return await phase(`PutRecord × ${recordBytes} B, ${callers} caller${callers === 1 ? "" : "s"} (lean client)`, callers, seconds, target.pids(), async () => {
      const answer = await client.call("PutRecord", bodies[n++ % bodies.length] as Buffer);
      if (answer.status !== 200) throw new Error(`PutRecord answered ${answer.status}`);
      return { ok: 1, failed: 0 };
    });
  } finally {
    client.close();
  }
}

async function runOn(target: Target, transport: Transport, seconds: number): Promise<LeanRun> {
  const pids = target.pids();
  const client = new LeanClient(target.endpoint, transport, Math.max(...putRecordCallers));
  const stream = `lean-${transport}`;
  process.stdout.write(`${target.name}, lean client over ${transport === "h2" ? "HTTP/2" : "HTTP/1.1"}\n`);
  try {
    await client.createStream(stream, shards);
    const data = randomBytes(recordBytes).toString("base64");
    // Keys spread over every shard; bodies made before any phase starts.
    const putRecordBodies = Array.from({ length: 256 }, (_, i) => LeanClient.body({ StreamName: stream, PartitionKey: `key-${i}`, Data: data }));
    const putRecordsBodies = Array.from({ length: 8 }, (_, b) => LeanClient.body({ StreamName: stream, Records: Array.from({ length: batch }, (_, i) => ({ PartitionKey: `key-${b}-${i}`, Data: data })) }));
    const putRecord: LeanPhase[] = [];
    let n = 0;
    for (const callers of putRecordCallers) {
      putRecord.push(
        await phase(`PutRecord × ${recordBytes} B, ${callers} caller${callers === 1 ? "" : "s"}`, callers, seconds, pids, async () => {
          const answer = await client.call("PutRecord", putRecordBodies[n++ % putRecordBodies.length] as Buffer);
          if (answer.status !== 200) throw new Error(`PutRecord answered ${answer.status}`);
          return { ok: 1, failed: 0 };
        }),
      );
    }
    const putRecords: LeanPhase[] = [];
    for (const inFlight of putRecordsInFlight) {
      putRecords.push(
        await phase(`PutRecords ${batch} × ${recordBytes} B, ${inFlight} in flight`, inFlight, seconds, pids, async () => {
          const answer = await client.call("PutRecords", putRecordsBodies[n++ % putRecordsBodies.length] as Buffer);
          if (answer.status !== 200) throw new Error(`PutRecords answered ${answer.status}`);
          const failed = LeanClient.failedRecordCount(answer.body);
          return { ok: batch - failed, failed };
        }),
      );
    }
    const getRecords = await readAll(client, stream, Math.max(30, seconds * 4), pids);
    return { target: target.name, transport, putRecord, putRecords, getRecords, serverMemoryMiB: Math.round([...pids.values()].reduce((s, pid) => s + (rssMiB(pid) ?? 0), 0)) };
  } finally {
    client.close();
  }
}

interface GetRecordsAnswer {
  Records: unknown[];
  NextShardIterator?: string;
  MillisBehindLatest?: number;
}

/** Reads every shard from TRIM_HORIZON to its end, one reader per shard, Limit 10,000, for at most `maxSeconds`. */
async function readAll(client: LeanClient, stream: string, maxSeconds: number, pids: ReadonlyMap<string, number>): Promise<LeanPhase> {
  const ids = (await client.json<{ Shards: { ShardId: string }[] }>("ListShards", { StreamName: stream })).Shards.map((s) => s.ShardId);
  const iterators = await Promise.all(ids.map(async (ShardId) => (await client.json<{ ShardIterator: string }>("GetShardIterator", { StreamName: stream, ShardId, ShardIteratorType: "TRIM_HORIZON" })).ShardIterator));
  const done = new Set<number>();
  return phase(
    "GetRecords from TRIM_HORIZON, Limit 10,000, a reader per shard",
    ids.length,
    maxSeconds,
    pids,
    async (i) => {
      const answer = await client.json<GetRecordsAnswer>("GetRecords", { ShardIterator: iterators[i], Limit: 10_000 });
    iterators[i] = answer.NextShardIterator as string;
      if ((answer.Records.length === 0 && (answer.MillisBehindLatest ?? 0) === 0) || !answer.NextShardIterator) done.add(i);
      return { ok: answer.Records.length, failed: 0 };
    },
    (i) => done.has(i),
  );
}

export async function leanBenchmark(seconds: number): Promise<LeanReport> {
  const startedAt = new Date().toISOString();
  const runs: LeanRun[] = [];
  const ours = await startTributary();
  try {
    runs.push(await runOn(ours, "h1", seconds));
    runs.push(await runOn(ours, "h2", seconds));
  } finally {
    await ours.stop();
  }
  const kinesalite = await startKinesalite();
  try {
    runs.push(await runOn(kinesalite, "h1", seconds));
  } finally {
    await kinesalite.stop();
  }
  const oursH1 = runs[0] as LeanRun;
  const one = oursH1.putRecord[0] as LeanPhase;
  return {
    benchmark: "lean",
    startedAt,
    secondsPerPhase: seconds,
    shards,
    recordBytes,
    runs,
    ratios: leanRatios(runs),
    oneCaller: { p50Ms: one.latencyMs.p50, serverCpuMsPerCall: one.serverCpuMsPerCall, p50Met: one.latencyMs.p50 <= 1, cpuMet: one.serverCpuMsPerCall <= 1 },
  };
}

function leanRatios(runs: readonly LeanRun[]): LeanRatio[] {
  const ours = runs.find((r) => r.target === "tributary" && r.transport === "h1");
  const theirs = runs.find((r) => r.target === "kinesalite");
  if (!ours || !theirs) return [];
  const ratio = (what: string, a: number, b: number, target: string, bound?: { higher: boolean; value: number }): LeanRatio => {
    const x = b === 0 ? Number.POSITIVE_INFINITY : Math.round((a / b) * 100) / 100;
    return { what, ours: a, kinesalite: b, ratio: x, target, met: bound ? (bound.higher ? x >= bound.value : x <= bound.value) : undefined };
  };
  const best = (r: LeanRun) => Math.max(...r.putRecords.map((p) => p.recordsPerSecond));
  const at = (r: LeanRun, callers: number) => r.putRecord.find((p) => p.callers === callers) as LeanPhase;
  const out: LeanRatio[] = [ratio("PutRecords records/s (best of 1/4/16 in flight)", best(ours), best(theirs), "≥ 1.5×", { higher: true, value: 1.5 })];
  for (const callers of putRecordCallers) {
    out.push(ratio(`PutRecord calls/s, ${callers} caller${callers === 1 ? "" : "s"}`, at(ours, callers).callsPerSecond, at(theirs, callers).callsPerSecond, callers === 32 ? "≥ 2×" : "", callers === 32 ? { higher: true, value: 2 } : undefined));
  }
  out.push(ratio("PutRecord p99 (ms), 32 callers", at(ours, 32).latencyMs.p99, at(theirs, 32).latencyMs.p99, "≤ 0.5×", { higher: false, value: 0.5 }));
  out.push(ratio("GetRecords records/s from TRIM_HORIZON", ours.getRecords.recordsPerSecond, theirs.getRecords.recordsPerSecond, "≥ 3×", { higher: true, value: 3 }));
  out.push(ratio("servers' CPU ms per 10,000 records, PutRecords 16 in flight", ours.putRecords.at(-1)?.serverCpuMsPer10kRecords ?? 0, theirs.putRecords.at(-1)?.serverCpuMsPer10kRecords ?? 0, ""));
  out.push(ratio("servers' CPU ms per call, PutRecord 1 caller", at(ours, 1).serverCpuMsPerCall, at(theirs, 1).serverCpuMsPerCall, ""));
  out.push(ratio("servers' memory at the end (MiB)", ours.serverMemoryMiB, theirs.serverMemoryMiB, ""));
  return out;
}

export function formatLean(r: LeanReport): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const lines: string[] = [`Lean client (pre-encoded JSON bodies, signatures reused, no SDK; ${r.shards} shards, ${r.recordBytes} B records, ${r.secondsPerPhase} s per phase)`, ""];
  lines.push(row(["target", "transport", "phase", "calls/s", "records/s", "p50 ms", "p99 ms", "servers' CPU ms/call", "servers' CPU ms/10k records", "servers' CPU %", "client CPU %", "failed"]), row(Array(12).fill("---")));
  for (const run of r.runs) {
    const t = run.transport === "h2" ? "HTTP/2" : "HTTP/1.1";
    for (const p of [...run.putRecord, ...run.putRecords, run.getRecords]) {
      lines.push(row([run.target, t, p.phase, p.callsPerSecond, p.recordsPerSecond, p.latencyMs.p50, p.latencyMs.p99, p.serverCpuMsPerCall, p.serverCpuMsPer10kRecords, p.serverCpuPercent, p.clientCpuPercent, p.failedCalls + p.failedRecords]));
    }
  }
  lines.push("", row(["target", "transport", "servers' memory at the end (MiB)"]), row(Array(3).fill("---")));
  for (const run of r.runs) lines.push(row([run.target, run.transport === "h2" ? "HTTP/2" : "HTTP/1.1", run.serverMemoryMiB]));
  if (r.ratios.length) {
    lines.push("", "Ours / kinesalite, same lean client over HTTP/1.1:", "", row(["measure", "ours", "kinesalite", "ratio", "target", ""]), row(Array(6).fill("---")));
    for (const x of r.ratios) lines.push(row([x.what, x.ours, x.kinesalite, `${x.ratio}×`, x.target, x.met === undefined ? "" : x.met ? "met" : "NOT met"]));
  }
  if (r.oneCaller) {
    lines.push("", `One sequential PutRecord caller (ours, HTTP/1.1): p50 ${r.oneCaller.p50Ms} ms (goal ≤ 1 ms: ${r.oneCaller.p50Met ? "met" : "NOT met"}), servers' CPU ${r.oneCaller.serverCpuMsPerCall} ms per call (goal ≤ 1 ms: ${r.oneCaller.cpuMet ? "met" : "NOT met"}).`);
  }
  return lines.join("\n");
}
