/** Percentiles and summaries of latencies (milliseconds). */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    count: sorted.length,
    mean: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    p999: round(percentile(sorted, 99.9)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** A monotonic clock in milliseconds with sub-millisecond resolution. */
export const now = (): number => performance.now();

/** Upper bounds (ms) of the latency histogram's buckets; the last catches the rest. */
export const HISTOGRAM_BOUNDS_MS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 2000, 5000, Number.POSITIVE_INFINITY] as const;

/** How many samples fall in each bucket of HISTOGRAM_BOUNDS_MS (a sample goes in the first bucket whose bound it does not exceed). */
export function histogram(samples: readonly number[]): { upToMs: number | null; count: number }[] {
  const counts = HISTOGRAM_BOUNDS_MS.map(() => 0);
  for (const x of samples) {
    const i = HISTOGRAM_BOUNDS_MS.findIndex((bound) => x <= bound);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return HISTOGRAM_BOUNDS_MS.map((bound, i) => ({ upToMs: Number.isFinite(bound) ? bound : null, count: counts[i] ?? 0 }));
}
