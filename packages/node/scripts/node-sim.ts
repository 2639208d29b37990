/**
 * Runs the node-level simulator for a range of seeds in this process.
 *
 *   pnpm node-sim --seed 42 [--trace]
 *   pnpm node-sim --from 0 --count 500 [--json]
 *
 * A failing seed prints the command that replays it, and the exit code is 1.
 */
import { parseArgs } from "node:util";
import { NodeSimulationViolation, nodeSimulationOptions, simulateNodes } from "../test/sim/node-simulator.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    from: { type: "string", default: "0" },
    count: { type: "string", default: "1" },
    trace: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const from = values.seed !== undefined ? Number(values.seed) : Number(values.from);
const count = values.seed !== undefined ? 1 : Number(values.count);
const summary = { seeds: 0, steps: 0, acknowledged: 0, subscribed: 0, faults: 0, violations: 0, failedSeeds: [] as number[] };
for (let seed = from; seed < from + count; seed++) {
  try {
    const r = await simulateNodes(nodeSimulationOptions(seed, values.trace ? (line) => console.log(line) : undefined));
    summary.seeds++;
    summary.steps += r.steps;
    summary.acknowledged += r.acknowledged;
    summary.subscribed += r.subscribed;
    summary.faults += r.faults;
  } catch (err) {
    if (!(err instanceof NodeSimulationViolation)) throw err;
    summary.seeds++;
    summary.violations++;
    summary.failedSeeds.push(seed);
    console.error(`VIOLATION ${err.message}`);
    console.error(`replay: pnpm node-sim --seed ${seed} --trace`);
  }
}
console.log(values.json ? JSON.stringify(summary) : `node simulator: ${summary.seeds} seeds, ${summary.steps} steps, ${summary.faults} faults, ${summary.acknowledged} records acknowledged, ${summary.subscribed} received by subscribers, ${summary.violations} violations`);
process.exitCode = summary.violations > 0 ? 1 : 0;
