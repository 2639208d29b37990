/**
 * The node-level simulator over many seeds: three real nodes over a
 * simulated disk, network and clock (see sim/node-simulator.ts).
 * NODE_SIM_SEEDS and NODE_SIM_SEED_FROM choose the seeds (default: 300 from 0).
 */
import { expect, it } from "vitest";
import { NodeSimulationViolation, nodeSimulationOptions, simulateNodes } from "./sim/node-simulator.js";

it("three nodes keep every acknowledged record, unique sequence numbers and one catalog, and subscribers get every record once, under faults", async () => {
  const count = Number(process.env.NODE_SIM_SEEDS ?? 300);
  const from = Number(process.env.NODE_SIM_SEED_FROM ?? 0);
  const failures: string[] = [];
  let acknowledged = 0;
  let steps = 0;
  let faults = 0;
  let reads = 0;
  let unknown = 0;
  let subscribed = 0;
  for (let seed = from; seed < from + count; seed++) {
    try {
      const r = await simulateNodes(nodeSimulationOptions(seed));
      acknowledged += r.acknowledged;
      steps += r.steps;
      faults += r.faults;
      reads += r.checkedReads;
      unknown += r.unknownOutcome;
      subscribed += r.subscribed;
    } catch (err) {
      if (!(err instanceof NodeSimulationViolation)) throw err;
      failures.push(`${err.message}\n    replay: pnpm node-sim --seed ${seed} --trace`);
    }
  }
  console.log(`node simulator: ${count} seeds, ${steps} steps, ${faults} faults, ${acknowledged} records acknowledged (${unknown} of unknown outcome), ${reads} record reads checked, ${subscribed} records received by subscribers, ${failures.length} violations`);
  expect(failures).toEqual([]);
}, 1_800_000);
