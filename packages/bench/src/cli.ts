#!/usr/bin/env node
/**
 * Benchmarks. Each prints a table, writes JSON under results/bench/, and
 * rebuilds results/bench/report.md (with SVG charts) from whatever JSON is
 * there. None of them asserts anything.
 *
 *   tributary-bench throughput [--seconds 8]       PutRecords, PutRecord, GetRecords, put-to-get; beside kinesalite
 *   tributary-bench report                         rebuild report.md from the JSON files
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatThroughput, throughputBenchmark } from "./throughput-bench.js";

function fail(message: string): never {
  process.stderr.write(`tributary-bench: ${message}\n`);
  process.exit(2);
}

const [command = "", ...rest] = process.argv.slice(2);
function parse() {
  try {
    return parseArgs({ args: rest, options: { seconds: { type: "string" }, out: { type: "string", default: "results/bench" } } }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}
const values = parse();
const out = values.out;
mkdirSync(out, { recursive: true });
const seconds = (fallback: number) => {
  const n = Number(values.seconds ?? fallback);
  if (!Number.isFinite(n) || n <= 0) fail(`--seconds must be a positive number, got ${values.seconds}`);
  return n;
};

function save(name: string, report: unknown, text: string): void {
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${text}\n\nwritten: ${join(out, `${name}.json`)}\n`);
}

switch (command) {
  case "throughput": {
    const r = await throughputBenchmark(seconds(8));
    save("throughput", r, formatThroughput(r));
    break;
  }
  default:
    fail(`unknown benchmark ${JSON.stringify(command)}; the benchmarks are throughput`);
}
process.exit(0);
