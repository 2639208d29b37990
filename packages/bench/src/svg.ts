/** Small self-contained SVG charts for the benchmark report: lines over time with markers, and grouped bars. */

const WIDTH = 760;
const HEIGHT = 300;
const PAD = { left: 64, right: 16, top: 28, bottom: 48 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A round number at or above `x`, for an axis's top. */
function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function frame(title: string, xLabel: string, yLabel: string, yMax: number, body: string, legend: string[]): string {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + plotH * (1 - f);
    const v = yMax * f;
    return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`;
  });
  const keys = legend.map((name, i) => `<rect x="${PAD.left + 8 + i * 170}" y="${HEIGHT - 16}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${PAD.left + 22 + i * 170}" y="${HEIGHT - 7}" font-size="11">${esc(name)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
    ...ticks,
    `<text x="14" y="${PAD.top + plotH / 2}" font-size="11" transform="rotate(-90 14 ${PAD.top + plotH / 2})" text-anchor="middle">${esc(yLabel)}</text>`,
    `<text x="${PAD.left + (WIDTH - PAD.left - PAD.right) / 2}" y="${HEIGHT - 24}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`,
    body,
    ...keys,
    "</svg>",
  ].join("\n");
}

export interface Series {
  name: string;
  /** y values at x = 0, step, 2 × step, ... */
  values: readonly number[];
  step: number;
}

/** Lines over time, with vertical markers (e.g. faults) labelled at the top. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[], markers: readonly { x: number; label: string }[] = []): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xMax = Math.max(1, ...series.map((s) => (s.values.length - 1) * s.step), ...markers.map((m) => m.x));
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const px = (x: number) => PAD.left + (x / xMax) * plotW;
  const py = (y: number) => PAD.top + plotH * (1 - y / yMax);
  const lines = series.map((s, i) => `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${s.values.map((v, j) => `${px(j * s.step).toFixed(1)},${py(v).toFixed(1)}`).join(" ")}"/>`);
  const marks = markers.map((m) => `<line x1="${px(m.x)}" x2="${px(m.x)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#888" stroke-dasharray="4 3"/><text x="${px(m.x) + 3}" y="${PAD.top + 10}" font-size="10" fill="#555">${esc(m.label)}</text>`);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${px(xMax * f)}" y="${PAD.top + plotH + 14}" font-size="11" text-anchor="middle">${xMax >= 10 ? Math.round(xMax * f) : Math.round(xMax * f * 10) / 10}</text>`);
  return frame(title, xLabel, yLabel, yMax, [...lines, ...marks, ...xTicks].join("\n"), series.map((s) => s.name));
}

/** Bars in groups: one group per category, one bar per series. */
export function barChart(title: string, yLabel: string, categories: readonly string[], series: readonly { name: string; values: readonly number[] }[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const bars = series.flatMap((s, i) =>
    s.values.map((v, j) => {
      const h = (Math.min(v, yMax) / yMax) * plotH;
      const x = PAD.left + j * groupW + groupW * 0.1 + i * barW;
      return `<rect x="${x.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[i % COLORS.length]}"><title>${esc(`${s.name}, ${categories[j]}: ${v}`)}</title></rect>`;
    }),
  );
  const labels = categories.map((c, j) => `<text x="${PAD.left + j * groupW + groupW / 2}" y="${PAD.top + plotH + 14}" font-size="10" text-anchor="middle">${esc(c)}</text>`);
  return frame(title, "", yLabel, yMax, [...bars, ...labels].join("\n"), series.map((s) => s.name));
}
