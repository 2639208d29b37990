/**
 * Runs the cluster simulator for a range of seeds in this process.
 *
 *   pnpm sim --seed 42 --nodes 3 [--trace]
 *   pnpm sim --from 0 --count 500 --nodes 5 [--json]
 *
 * A failing seed prints the command that replays it, and the exit code is 1.
 */
import { parseArgs } from "node:util";
import { addToSummary, emptySummary, formatSummary, optionsForSeed, SafetyViolation, simulate } from "../test/sim/simulator.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    from: { type: "string", default: "0" },
    count: { type: "string", default: "1" },
    nodes: { type: "string", default: "3" },
    trace: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const nodes = Number(values.nodes) === 5 ? 5 : 3;
const from = values.seed !== undefined ? Number(values.seed) : Number(values.from);
const count = values.seed !== undefined ? 1 : Number(values.count);
const summary = emptySummary();
for (let seed = from; seed < from + count; seed++) {
  try {
    addToSummary(summary, simulate(optionsForSeed(seed, nodes, values.trace ? (line) => console.log(line) : undefined)));
  } catch (err) {
    if (!(err instanceof SafetyViolation)) throw err;
    summary.violations++;
    summary.failedSeeds.push(seed);
    console.error(`VIOLATION ${err.message}`);
    console.error(`replay: pnpm sim --seed ${seed} --nodes ${nodes} --trace`);
  }
}
console.log(values.json ? JSON.stringify(summary) : formatSummary(`${nodes} nodes`, summary));
process.exitCode = summary.violations > 0 ? 1 : 0;
