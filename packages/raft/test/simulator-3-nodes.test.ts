/**
 * Runs the seeded cluster simulator over many seeds with 3 initial voters.
 * SIM_SEEDS and SIM_SEED_FROM choose the seeds (default: 2500 seeds from 0).
 */
import { expect, it } from "vitest";
import { runSeeds } from "./sim/run-seeds.js";

it("3-node clusters keep every safety property under faults and converge after healing", () => {
  const { summaryLine, failures } = runSeeds(3);
  console.log(summaryLine);
  expect(failures).toEqual([]);
});
