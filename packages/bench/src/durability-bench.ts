/**
 * Durability under faults: the chaos harness drives N seeded faults under
 * load, once with fsync on and once with it off (to show what fsync costs),
 * and reports what was acknowledged, lost (must be 0), duplicated, and how
 * long writes took to come back after each fault.
 */
import type { ChaosReport } from "@tributary/chaos";
import { LocalBackend, makeSchedule, runChaos } from "@tributary/chaos";
import { median } from "./stats.js";

export interface DurabilityRun {
  fsync: boolean;
  report: ChaosReport;
  acknowledgedPerSecond: number;
  writesBackAfterMs: { median: number; max: number };
}

export interface DurabilityBenchReport {
  benchmark: "durability";
  startedAt: string;
  seed: number;
  faults: number;
  runs: DurabilityRun[];
}

export async function durabilityBenchmark(seed: number, faults: number, outDir: string): Promise<DurabilityBenchReport> {
  const startedAt = new Date().toISOString();
  const runs: DurabilityRun[] = [];
  for (const fsync of [true, false]) {
    process.stdout.write(`durability with fsync ${fsync ? "on" : "off"}\n`);
    const backend = new LocalBackend({ nodeArgs: ["--fsync", String(fsync)] });
    try {
      await backend.start();
      const kinds = backend.partitionsUnsupported ? (["kill-leader", "kill-node", "pause-leader", "kill-all"] as const) : undefined;
      const report = await runChaos(backend, { seed, faults: makeSchedule(seed, faults, kinds), outDir: `${outDir}/durability-fsync-${fsync ? "on" : "off"}`, log: (line) => process.stdout.write(`  ${line.split("\n")[0]}\n`) });
      const back = report.faults.map((f) => f.writesBackAfterMs ?? Number.POSITIVE_INFINITY);
      runs.push({
        fsync,
        report,
        acknowledgedPerSecond: Math.round(report.durability.acknowledged / (report.acksPerSecond.length || 1)),
        writesBackAfterMs: { median: Math.round(median(back)), max: Math.max(...back) },
      });
    } finally {
      await backend.stop();
    }
  }
  return { benchmark: "durability", startedAt, seed, faults, runs };
}

export function formatDurabilityBench(r: DurabilityBenchReport): string {
  const lines = [
    `Durability under ${r.faults} seeded faults (seed ${r.seed}): ${r.runs[0]?.report.schedule ?? ""}`,
    "",
    "| fsync | acknowledged | acknowledged/s | lost | duplicates (explained by retry) | readable, never acked | writes back after a fault: median / max (ms) | check |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const run of r.runs) {
    const d = run.report.durability;
    lines.push(`| ${run.fsync ? "on" : "off"} | ${d.acknowledged} | ${run.acknowledgedPerSecond} | ${d.lost} | ${d.duplicated.records} (${d.duplicated.explainedByRetry}) | ${d.unacknowledgedReadable} | ${run.writesBackAfterMs.median} / ${run.writesBackAfterMs.max} | ${run.report.ok ? "OK" : "FAILED"} |`);
  }
  return lines.join("\n");
}
