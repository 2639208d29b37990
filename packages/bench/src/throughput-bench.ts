/**
 * The throughput and latency benchmark, side by side with kinesalite in the
 * same run: our cluster through the SDK's default HTTP/2 and through
 * NodeHttpHandler (HTTP/1.1), then kinesalite through the same
 * NodeHttpHandler; ratios compare like with like (HTTP/1.1 both sides).
 */
import type { PutPhase, PutToGetPhase, ReadPhase } from "./throughput.js";
import { createStream, getRecordsPhase, putRecordPhase, putRecordsPhase, putToGetPhase } from "./throughput.js";
import type { Target, Transport } from "./targets.js";
import { kinesisClient, startKinesalite, startTributary } from "./targets.js";

export interface TargetRun {
  target: string;
  transport: Transport;
  putRecords: PutPhase[];
  putRecord: PutPhase;
  getRecords: ReadPhase;
  putToGet: PutToGetPhase;
}

export interface Ratio {
  what: string;
  ours: number;
  kinesalite: number;
  ratio: number;
  target: string;
  met: boolean;
}

export interface ThroughputReport {
  benchmark: "throughput";
  startedAt: string;
  secondsPerPhase: number;
  shards: number;
  runs: TargetRun[];
  ratios: Ratio[];
}

async function runOn(target: Target, transport: Transport, seconds: number, inFlight: readonly number[]): Promise<TargetRun> {
  const kinesis = kinesisClient(target.endpoint, transport);
  const stream = `bench-${transport}`;
  process.stdout.write(`${target.name} over ${transport === "h2" ? "HTTP/2 (the SDK's default)" : "HTTP/1.1 (NodeHttpHandler)"}\n`);
  try {
    await createStream(kinesis, stream, 4);
    const putRecords: PutPhase[] = [];
    for (const n of inFlight) putRecords.push(await putRecordsPhase(kinesis, stream, n, seconds));
    const putRecord = await putRecordPhase(kinesis, stream, 32, seconds);
    const getRecords = await getRecordsPhase(kinesis, stream, Math.max(30, seconds * 4));
    const putToGet = await putToGetPhase(kinesis, stream, seconds);
    return { target: target.name, transport, putRecords, putRecord, getRecords, putToGet };
  } finally {
    kinesis.destroy();
  }
}

export async function throughputBenchmark(seconds: number, inFlight: readonly number[] = [1, 4, 16]): Promise<ThroughputReport> {
  const startedAt = new Date().toISOString();
  const runs: TargetRun[] = [];
  const ours = await startTributary();
  try {
    runs.push(await runOn(ours, "h2", seconds, inFlight));
    runs.push(await runOn(ours, "h1", seconds, inFlight));
  } finally {
    await ours.stop();
  }
  const kinesalite = await startKinesalite();
  try {
    runs.push(await runOn(kinesalite, "h1", seconds, inFlight));
  } finally {
    await kinesalite.stop();
  }
  return { benchmark: "throughput", startedAt, secondsPerPhase: seconds, shards: 4, runs, ratios: ratios(runs) };
}

function ratios(runs: readonly TargetRun[]): Ratio[] {
  const ours = runs.find((r) => r.target === "tributary" && r.transport === "h1");
  const theirs = runs.find((r) => r.target === "kinesalite");
  if (!ours || !theirs) return [];
  const best = (r: TargetRun) => Math.max(...r.putRecords.map((p) => p.recordsPerSecond));
  const ratio = (what: string, a: number, b: number, target: string, higherIsBetter: boolean, bound: number): Ratio => {
    const x = b === 0 ? Number.POSITIVE_INFINITY : Math.round((a / b) * 100) / 100;
    return { what, ours: a, kinesalite: b, ratio: x, target, met: higherIsBetter ? x >= bound : x <= bound };
  };
  return [
    ratio("PutRecords records/s (best of the in-flight levels)", best(ours), best(theirs), "≥ 1.5×", true, 1.5),
    ...ours.putRecords.map((p, i) => ratio(`PutRecords records/s, ${p.phase.split(", ")[1]}`, p.recordsPerSecond, theirs.putRecords[i]?.recordsPerSecond ?? 0, "(detail)", true, 0)),
    ratio("PutRecord calls/s, 32 callers", ours.putRecord.recordsPerSecond, theirs.putRecord.recordsPerSecond, "≥ 2×", true, 2),
    ratio("PutRecord p99 latency (ms)", ours.putRecord.latencyMs.p99, theirs.putRecord.latencyMs.p99, "≤ 0.5×", false, 0.5),
    ratio("GetRecords records/s from TRIM_HORIZON", ours.getRecords.recordsPerSecond, theirs.getRecords.recordsPerSecond, "≥ 3×", true, 3),
    ratio("put-to-get p50 latency (ms)", ours.putToGet.latencyMs.p50, theirs.putToGet.latencyMs.p50, "(detail)", false, Number.POSITIVE_INFINITY),
  ];
}

export function formatThroughput(r: ThroughputReport): string {
  const lines: string[] = [`Throughput and latency (${r.shards} shards, ${r.secondsPerPhase} s per phase)`, ""];
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  lines.push(row(["target", "transport", "phase", "records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms", "failed"]), row(Array(9).fill("---")));
  for (const run of r.runs) {
    const t = run.transport === "h2" ? "HTTP/2" : "HTTP/1.1";
    for (const p of [...run.putRecords, run.putRecord]) lines.push(row([run.target, t, p.phase, p.recordsPerSecond, p.megabytesPerSecond, p.latencyMs.p50, p.latencyMs.p99, p.latencyMs.p999, p.failedCalls + p.failedRecords]));
    lines.push(row([run.target, t, run.getRecords.phase, run.getRecords.recordsPerSecond, run.getRecords.megabytesPerSecond, "", "", "", run.getRecords.complete ? 0 : "incomplete"]));
    lines.push(row([run.target, t, run.putToGet.phase, "", "", run.putToGet.latencyMs.p50, run.putToGet.latencyMs.p99, run.putToGet.latencyMs.p999, run.putToGet.records - run.putToGet.seen]));
  }
  if (r.ratios.length) {
    lines.push("", "Ours / kinesalite, same client (HTTP/1.1):", "", row(["measure", "ours", "kinesalite", "ratio", "target", ""]), row(Array(6).fill("---")));
    for (const x of r.ratios) lines.push(row([x.what, x.ours, x.kinesalite, `${x.ratio}×`, x.target, x.target.startsWith("(") ? "" : x.met ? "met" : "NOT met"]));
  }
  return lines.join("\n");
}
