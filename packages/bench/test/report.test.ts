/**
 * The benchmarks' arithmetic and report, without running a benchmark:
 * percentiles, the latency histogram, and a report built from result files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FailoverReport } from "../src/failover.js";
import { writeReport } from "../src/report.js";
import type { ScaleReport } from "../src/scale.js";
import { histogram, median, percentile, summarize } from "../src/stats.js";

describe("stats", () => {
  it("percentiles are nearest-rank over sorted samples", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 99.9)).toBe(100);
    expect(percentile([], 50)).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(summarize([3, 1, 2])).toEqual({ count: 3, mean: 2, p50: 2, p99: 3, p999: 3, max: 3 });
  });

  it("the histogram puts each sample in the first bucket whose bound it does not exceed", () => {
    const h = histogram([0.5, 1, 1.5, 6, 9999]);
    expect(h.find((b) => b.upToMs === 1)?.count).toBe(2);
    expect(h.find((b) => b.upToMs === 2)?.count).toBe(1);
    expect(h.find((b) => b.upToMs === 7)?.count).toBe(1);
    expect(h.at(-1)).toEqual({ upToMs: null, count: 1 });
    expect(h.reduce((s, b) => s + b.count, 0)).toBe(5);
  });
});

describe("report", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("renders Markdown and HTML with SVG charts from whatever results exist", () => {
    dir = mkdtempSync(join(tmpdir(), "bench-report-"));
    const failover: FailoverReport = {
      benchmark: "failover",
      startedAt: "2026-01-01T00:00:00.000Z",
      shards: 8,
      writersPerShard: 2,
      kills: [
        { kill: 1, node: "az-b", shards: [{ shard: "shardId-000000000001", writesBackAfterMs: 1200 }], clusterGapMs: 30, writeGapMs: 1250, atMs: 3000 },
        { kill: 2, node: "az-c", shards: [{ shard: "shardId-000000000002", writesBackAfterMs: null }], clusterGapMs: 40, writeGapMs: 1900, atMs: 9000 },
      ],
      acksPer100ms: Array.from({ length: 120 }, (_, i) => (i > 30 && i < 42 ? 0 : 40)),
      clusterGapMs: { median: 30, max: 40 },
      writeGapMs: { median: 1250, max: 1900 },
      shardRecoveryMs: { median: 1200, max: Number.POSITIVE_INFINITY },
    };
    const scale: ScaleReport = {
      benchmark: "scale",
      startedAt: "2026-01-01T00:00:00.000Z",
      idleSeconds: 10,
      loadSeconds: 10,
      load: { callsPerSecond: 20, recordsPerCall: 10, recordBytes: 100 },
      rows: [1, 16].map((shards) => ({
        shards,
        createStreamMs: 1500,
        allAsleepMs: 900,
        asleepAtEnd: { "az-a": `${shards + 1}/${shards + 1}`, "az-b": `${shards + 1}/${shards + 1}`, "az-c": `${shards + 1}/${shards + 1}` },
        idleCpuPercent: { "az-a": 3, "az-b": 4, "az-c": 5 },
        rssMiB: { "az-a": 90, "az-b": 91, "az-c": 92 },
        loadRecordsPerSecond: 200,
        loadFailedRecords: 0,
        fsyncsPerSecond: { "az-a": 20, "az-b": 20, "az-c": 20 },
        loadCpuPercent: { "az-a": 6, "az-b": 7, "az-c": 8 },
      })),
    };
    writeFileSync(join(dir, "failover.json"), JSON.stringify(failover));
    writeFileSync(join(dir, "scale.json"), JSON.stringify(scale));
    const md = writeReport(dir);
    expect(md).toContain("## Failover");
    expect(md).toContain("## Scale");
    expect(md).not.toContain("## Throughput");
    expect(md).toContain("| 2 | az-c | — | 40 | 1900 |");
    expect(md).toContain("![Acknowledged writes per 100 ms with the kills marked](failover-throughput.svg)");
    const chart = readFileSync(join(dir, "failover-throughput.svg"), "utf8");
    expect(chart.startsWith("<svg")).toBe(true);
    expect(chart).toContain("<polyline");
    expect(chart).toContain("kill 2 az-c");
    expect(chart).not.toContain("NaN");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.match(/<svg /g)?.length).toBe(3); // two failover charts and one scale chart, inline
    expect(html).toContain("<td>az-c</td>");
  });
});
