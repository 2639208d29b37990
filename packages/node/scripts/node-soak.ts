/**
 * A long soak of the node-level simulator, in parallel over the machine's
 * cores: each worker is a child process running node-sim.ts on a slice of
 * the seeds. Failing seeds are printed with their replay command.
 *
 *   pnpm node-soak --seeds 5000 [--from 0] [--workers N]
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface Summary {
  seeds: number;
  steps: number;
  acknowledged: number;
  faults: number;
  violations: number;
  failedSeeds: number[];
}

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1000" },
    from: { type: "string", default: "0" },
    workers: { type: "string", default: String(availableParallelism()) },
  },
});
const seeds = Number(values.seeds);
const from = Number(values.from);
const workers = Math.max(1, Number(values.workers));
const simScript = fileURLToPath(new URL("./node-sim.ts", import.meta.url));

function runSlice(start: number, count: number): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", simScript, "--from", String(start), "--count", String(count), "--json"], {
      stdio: ["ignore", "pipe", "inherit"],
      // Parallel tsx processes must not race on the shared compile cache.
      env: { ...process.env, TSX_DISABLE_CACHE: "1" },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as Summary);
      } catch {
        reject(new Error(`worker for seeds ${start}..${start + count - 1} printed no summary`));
      }
    });
  });
}

const started = Date.now();
const slice = Math.ceil(seeds / workers);
const jobs: Promise<Summary>[] = [];
for (let w = 0; w < workers; w++) {
  const start = from + w * slice;
  const count = Math.min(slice, from + seeds - start);
  if (count > 0) jobs.push(runSlice(start, count));
}
const total: Summary = { seeds: 0, steps: 0, acknowledged: 0, faults: 0, violations: 0, failedSeeds: [] };
for (const s of await Promise.all(jobs)) {
  total.seeds += s.seeds;
  total.steps += s.steps;
  total.acknowledged += s.acknowledged;
  total.faults += s.faults;
  total.violations += s.violations;
  total.failedSeeds.push(...s.failedSeeds);
}
console.log(`node simulator: ${total.seeds} seeds, ${total.steps} steps, ${total.faults} faults, ${total.acknowledged} records acknowledged, ${total.violations} violations`);
if (total.failedSeeds.length > 0) {
  console.log(`failed seeds: ${total.failedSeeds.join(" ")} (replay one: pnpm node-sim --seed N --trace)`);
  process.exitCode = 1;
}
console.log(`soak finished in ${((Date.now() - started) / 1000).toFixed(1)} s with ${workers} workers`);
