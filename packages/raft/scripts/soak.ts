/**
 * A long soak of the cluster simulator, in parallel over the machine's cores.
 *
 *   pnpm soak --seeds 100000 [--from 0] [--nodes 3|5|both] [--workers N]
 *
 * Each worker is a child process running scripts/sim.ts on a slice of the
 * seeds. Failing seeds are printed with their replay command.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Summary } from "../test/sim/simulator.js";
import { emptySummary, formatSummary } from "../test/sim/simulator.js";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "10000" },
    from: { type: "string", default: "0" },
    nodes: { type: "string", default: "both" },
    workers: { type: "string", default: String(availableParallelism()) },
  },
});

const seeds = Number(values.seeds);
const from = Number(values.from);
const workers = Math.max(1, Number(values.workers));
const sizes = values.nodes === "both" ? [3, 5] : [Number(values.nodes)];
const simScript = fileURLToPath(new URL("./sim.ts", import.meta.url));

function runSlice(nodes: number, start: number, count: number): Promise<Summary> {
  return new Promise((resolve, reject) => {
    // Parallel tsx processes must not race on the shared compile cache.
    const child = spawn(process.execPath, ["--import", "tsx", simScript, "--from", String(start), "--count", String(count), "--nodes", String(nodes), "--json"], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, TSX_DISABLE_CACHE: "1" },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as Summary);
      } catch {
        reject(new Error(`worker for seeds ${start}..${start + count - 1} printed no summary`));
      }
    });
  });
}

const started = Date.now();
for (const nodes of sizes) {
  const slice = Math.ceil(seeds / workers);
  const jobs: Promise<Summary>[] = [];
  for (let w = 0; w < workers; w++) {
    const start = from + w * slice;
    const count = Math.min(slice, from + seeds - start);
    if (count > 0) jobs.push(runSlice(nodes, start, count));
  }
  const total = emptySummary();
  for (const s of await Promise.all(jobs)) {
    total.seeds += s.seeds;
    total.steps += s.steps;
    total.faults += s.faults;
    total.committed += s.committed;
    total.reads += s.reads;
    total.violations += s.violations;
    total.failedSeeds.push(...s.failedSeeds);
  }
  console.log(formatSummary(`${nodes} nodes`, total));
  if (total.failedSeeds.length > 0) {
    console.log(`failed seeds: ${total.failedSeeds.join(" ")}`);
    process.exitCode = 1;
  }
}
console.log(`soak finished in ${((Date.now() - started) / 1000).toFixed(1)} s with ${workers} workers`);
