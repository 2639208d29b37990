/**
 * The report: reads whatever benchmark JSON is in the results folder and
 * writes report.md (tables, and charts as SVG files beside it) and
 * report.html (the same, self-contained, with the SVG inline).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DurabilityBenchReport } from "./durability-bench.js";
import { formatDurabilityBench } from "./durability-bench.js";
import type { FailoverReport } from "./failover.js";
import type { FanoutReport } from "./fanout.js";
import { formatFanout } from "./fanout.js";
import { formatFailover } from "./failover.js";
import type { LeanReport } from "./lean-bench.js";
import { formatLean } from "./lean-bench.js";
import type { RebuildReport } from "./rebuild.js";
import { formatRebuild } from "./rebuild.js";
import type { WakeupReport } from "./wakeup.js";
import { formatWakeup } from "./wakeup.js";
import type { ReshardReport } from "./reshard.js";
import { formatReshard } from "./reshard.js";
import type { ScaleReport } from "./scale.js";
import { formatScale } from "./scale.js";
import { barChart, lineChart } from "./svg.js";
import type { ThroughputReport } from "./throughput-bench.js";
import { formatThroughput } from "./throughput-bench.js";

function load<T>(dir: string, name: string): T | undefined {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

interface Section {
  title: string;
  /** Markdown tables and text. */
  text: string;
  charts: { file: string; svg: string; alt: string }[];
}

function throughputSection(r: ThroughputReport): Section {
  const label = (run: ThroughputReport["runs"][number]) => `${run.target} ${run.transport === "h2" ? "HTTP/2" : "HTTP/1.1"}`;
  const putRecords16 = r.runs.map((run) => ({ name: label(run), values: run.putRecords[run.putRecords.length - 1]?.perSecond ?? [], step: 1 }));
  const buckets = (r.runs[0]?.putRecord.latencyHistogram ?? []).map((b) => (b.upToMs === null ? "more" : `≤${b.upToMs}`)) ?? [];
  const share = (counts: { count: number }[]) => {
    const total = counts.reduce((s, b) => s + b.count, 0) || 1;
    return counts.map((b) => Math.round((b.count / total) * 1000) / 10);
  };
  return {
    title: "Throughput and latency, beside kinesalite",
    text: formatThroughput(r),
    charts: [
      {
        file: "throughput-over-time.svg",
        alt: "PutRecords records acknowledged per second, most requests in flight",
        svg: lineChart(`PutRecords (500 × 1 KiB, ${r.runs[0]?.putRecords.at(-1)?.phase.split(", ")[1] ?? ""}): records acknowledged per second`, "seconds", "records/s", putRecords16),
      },
      {
        file: "putrecord-latency.svg",
        alt: "PutRecord latency distribution, 32 callers",
        svg: barChart("PutRecord latency, 32 callers: share of calls per bucket", "% of calls", buckets, r.runs.map((run) => ({ name: label(run), values: share(run.putRecord.latencyHistogram ?? []) }))),
      },
    ],
  };
}

function failoverSection(r: FailoverReport): Section {
  return {
    title: "Failover",
    text: formatFailover(r),
    charts: [
      {
        file: "failover-throughput.svg",
        alt: "Acknowledged writes per 100 ms with the kills marked",
        svg: lineChart(
          "Acknowledged PutRecord calls per 100 ms; dashed: SIGKILL of the node leading the most shards",
          "seconds",
          "writes / 100 ms",
          [{ name: "acknowledged writes", values: r.acksPer100ms, step: 0.1 }],
          r.kills.map((k) => ({ x: k.atMs / 1000, label: `kill ${k.kill} ${k.node}` })),
        ),
      },
      {
        file: "failover-per-kill.svg",
        alt: "Per kill: the worst shard's write gap and the cluster-wide gap",
        svg: barChart(
          "Per kill: time until every shard the node led took writes again",
          "ms",
          r.kills.map((k) => `kill ${k.kill} (${k.node})`),
          [
            { name: "worst shard's write gap", values: r.kills.map((k) => k.writeGapMs) },
            { name: "cluster-wide write gap", values: r.kills.map((k) => k.clusterGapMs) },
          ],
        ),
      },
    ],
  };
}

function durabilitySection(r: DurabilityBenchReport): Section {
  const charts = r.runs.map((run) => {
    const start = run.report.loadStartedAt ?? Date.parse(run.report.startedAt);
    return {
      file: `durability-fsync-${run.fsync ? "on" : "off"}.svg`,
      alt: `Acknowledged records per second under faults, fsync ${run.fsync ? "on" : "off"}`,
      svg: lineChart(
        `Acknowledged records per second under faults (fsync ${run.fsync ? "on" : "off"}); dashed: fault begins`,
        "seconds",
        "records/s",
        [{ name: `fsync ${run.fsync ? "on" : "off"}`, values: run.report.acksPerSecond, step: 1 }],
        run.report.faults.map((f) => ({ x: Math.max(0, (f.startAt - start) / 1000), label: f.kind })),
      ),
    };
  });
  return { title: "Durability under faults", text: formatDurabilityBench(r), charts };
}

function scaleSection(r: ScaleReport): Section {
  const categories = r.rows.map((row) => `${row.shards} shards`);
  const mean = (x: Record<string, number>) => Math.round((Object.values(x).reduce((s, v) => s + v, 0) / Math.max(1, Object.values(x).length)) * 10) / 10;
  return {
    title: "Scale",
    text: formatScale(r),
    charts: [
      {
        file: "scale.svg",
        alt: "Idle CPU and fsyncs per second per node by shard count",
        svg: barChart("Per node (mean of three): idle CPU and fsyncs/s under the fixed load", "", categories, [
          { name: "idle CPU % of a core", values: r.rows.map((row) => mean(row.idleCpuPercent)) },
          { name: "fsyncs/s under load", values: r.rows.map((row) => mean(row.fsyncsPerSecond)) },
        ]),
      },
    ],
  };
}

/** Writes report.md, its SVG files and report.html into `dir`; returns the Markdown. */
export function writeReport(dir: string): string {
  const sections: Section[] = [];
  const throughput = load<ThroughputReport>(dir, "throughput");
  const failover = load<FailoverReport>(dir, "failover");
  const durability = load<DurabilityBenchReport>(dir, "durability");
  const scale = load<ScaleReport>(dir, "scale");
  if (throughput) sections.push(throughputSection(throughput));
  const lean = load<LeanReport>(dir, "lean");
  if (lean) sections.push({ title: "The servers measured with a lean client, beside kinesalite", text: formatLean(lean), charts: [] });
  if (failover) sections.push(failoverSection(failover));
  if (durability) sections.push(durabilitySection(durability));
  if (scale) sections.push(scaleSection(scale));
  const reshard = load<ReshardReport>(dir, "reshard");
  const fanout = load<FanoutReport>(dir, "fanout");
  if (reshard) sections.push({ title: "Resharding", text: formatReshard(reshard), charts: [] });
  const rebuild = load<RebuildReport>(dir, "rebuild");
  if (rebuild) sections.push({ title: "Rebuilding a wiped node", text: formatRebuild(rebuild), charts: [] });
  if (fanout) sections.push({ title: "Enhanced fan-out", text: formatFanout(fanout), charts: [] });
  const wakeup = load<WakeupReport>(dir, "wakeup");
  if (wakeup) sections.push({ title: "The machine's floor: a message to a process that sleeps between messages", text: formatWakeup(wakeup), charts: [] });
  const started = [throughput, lean, failover, durability, scale].flatMap((r) => (r ? [`${r.benchmark}: ${r.startedAt}`] : []));
  const intro = ["# Tributary benchmarks", "", `Runs: ${started.join("; ") || "none yet"}.`, "", "Three nodes and a gateway as local processes on one machine, with every entry fsynced on a majority; kinesalite is one process. Figures from a machine that also runs the load generator."];
  const md = [...intro];
  const html = [`<!doctype html><html><head><meta charset="utf-8"><title>Tributary benchmarks</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}pre{white-space:pre-wrap}</style></head><body>`, `<h1>Tributary benchmarks</h1><p>${intro.slice(2).join(" ")}</p>`];
  for (const s of sections) {
    md.push("", `## ${s.title}`, "", s.text);
    html.push(`<h2>${s.title}</h2>`, markdownToHtml(s.text));
    for (const c of s.charts) {
      writeFileSync(join(dir, c.file), `${c.svg}\n`);
      md.push("", `![${c.alt}](${c.file})`);
      html.push(`<figure>${c.svg}</figure>`);
    }
  }
  html.push("</body></html>");
  writeFileSync(join(dir, "report.md"), `${md.join("\n")}\n`);
  writeFileSync(join(dir, "report.html"), `${html.join("\n")}\n`);
  return md.join("\n");
}

/** Just enough Markdown for the tables and lines the benchmarks print. */
function markdownToHtml(text: string): string {
  const out: string[] = [];
  let table: string[][] = [];
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const flush = () => {
    if (!table.length) return;
    const [head, , ...rows] = table;
    out.push(`<table><tr>${(head ?? []).map((c) => `<th>${esc(c)}</th>`).join("")}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>`);
    table = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("|")) table.push(line.slice(1, -1).split("|").map((c) => c.trim()));
    else {
      flush();
      if (line.trim()) out.push(`<p>${esc(line)}</p>`);
    }
  }
  flush();
  return out.join("\n");
}
