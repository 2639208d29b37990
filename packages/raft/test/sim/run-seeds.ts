import { addToSummary, emptySummary, formatSummary, optionsForSeed, SafetyViolation, simulate } from "./simulator.js";

/** Runs the configured range of seeds; a violation becomes a failure line with its replay command. */
export function runSeeds(nodes: 3 | 5): { summaryLine: string; failures: string[] } {
  const count = Number(process.env.SIM_SEEDS ?? 2500);
  const from = Number(process.env.SIM_SEED_FROM ?? 0);
  const summary = emptySummary();
  const failures: string[] = [];
  for (let seed = from; seed < from + count; seed++) {
    try {
      addToSummary(summary, simulate(optionsForSeed(seed, nodes)));
    } catch (err) {
      if (!(err instanceof SafetyViolation)) throw err;
      summary.violations++;
      failures.push(`${err.message}\n    replay: pnpm sim --seed ${seed} --nodes ${nodes} --trace`);
    }
  }
  return { summaryLine: formatSummary(`${nodes} nodes`, summary), failures };
}
