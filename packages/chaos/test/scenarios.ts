/**
 * The chaos scenarios every backend runs, each a bounded run under load
 * followed by the durability check. Shared by the local-process and the
 * compose tests.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { ChaosReport, ClusterBackend, Fault } from "../src/index.js";
import { makeSchedule, runChaos, singleFault } from "../src/index.js";

const outDir = process.env.CHAOS_OUT;

function expectDurable(report: ChaosReport): void {
  const d = report.durability;
  expect(d.acknowledged).toBeGreaterThan(200); // the load really ran
  expect(d.lost).toBe(0);
  expect(d.reordered).toBe(0);
  expect(d.sequenceNumberViolations).toBe(0);
  expect(d.duplicated.unexplained).toBe(0);
  // Nodes restarting or catching up answer with retryable errors: a stream that exists is never "not found".
  expect(report.errors.ResourceNotFoundException ?? 0).toBe(0);
  expect(report.ok).toBe(true);
}

/**
 * A leader paused or cut off: the gateway abandons calls to it once routing
 * shows new leaders (or its connection stops answering pings), so every
 * shard takes writes within 2 s of its new leader's election, while the old
 * leader is still out, rather than when the fault ends or a call's deadline
 * passes.
 */
function expectWritesBackSoonAfterNewLeaders(report: ChaosReport): void {
  const f = report.faults[0];
  expect(f?.newLeadersAfterMs, "new leaders elected while the old one was out").not.toBeNull();
  expect(f?.shardsBackAfterNewLeadersMs, "every shard acknowledged a write after the fault began").not.toBeNull();
  expect(f?.shardsBackAfterNewLeadersMs ?? Infinity).toBeLessThanOrEqual(2_000);
}

async function chaos(backend: ClusterBackend, seed: number, faults: Fault[], keys?: number, warmupMs?: number): Promise<ChaosReport> {
  return runChaos(backend, { seed, faults, shards: 4, producers: 4, ...(keys ? { keys } : {}), ...(warmupMs ? { warmupMs } : {}), ...(outDir ? { outDir } : {}), log: (line) => console.log(`[${backend.kind}] ${line}`) });
}

/** Resharding under load while the node that must carry it through is killed: the reshard completes, and nothing is lost or reordered within a key. */
export function reshardingScenarios(backend: () => ClusterBackend, seedBase: number): void {
  for (const [name, kind] of [
    ["a split whose parent shard's leader is killed", "split-kill-parent-leader"],
    ["a merge whose driving meta leader is killed", "merge-kill-meta-leader"],
  ] as const) {
    it(`carries through ${name}, losing nothing and keeping each key's order`, async () => {
      const report = await chaos(backend(), seedBase + (kind === "split-kill-parent-leader" ? 7 : 8), [singleFault(kind, 2_000)], 32);
      expectDurable(report);
      expect(report.durability.reorderedInKey).toBe(0);
      expect(report.faults[0]?.reshard?.completed).toBe(true);
    });
  }
}

/** A machine lost for good, replaced by a new one with an empty disk under the same name, under load: it rejoins under a new incarnation and is rebuilt, and nothing is lost. */
export function replacementScenarios(backend: () => ClusterBackend, seedBase: number): void {
  it("loses nothing when a node is lost with its disk and a new one takes its place, which rejoins and is rebuilt", async () => {
    const report = await chaos(backend(), seedBase + 10, [{ ...singleFault("replace-node", 2_000), pick: 1 }]);
    expectDurable(report);
    const replaced = report.faults[0]?.replacement;
    expect(replaced?.incarnation).toBe(2);
    expect(replaced?.rebuiltAfterMs).not.toBeNull();
    console.log(`[${backend().kind}] replaced node rebuilt and leading ${replaced?.rebuiltAfterMs} ms after its start; longest write gap of any shard ${report.faults[0]?.longestShardGapMs} ms`);
  });
}

export function chaosScenarios(backend: () => ClusterBackend, seedBase: number): void {
  const partitions = () => backend().partitionsUnsupported;

  it("loses nothing when the leader of the most shards is killed under load", async () => {
    const report = await chaos(backend(), seedBase + 1, [singleFault("kill-leader", 3_000)]);
    expectDurable(report);
    expect(report.faults[0]?.writesBackAfterMs).not.toBeNull();
  });

  it("loses nothing through a minority partition (the leader cut off)", async (ctx) => {
    if (partitions()) {
      console.log(`skipped: ${partitions()}`);
      ctx.skip();
    }
    const report = await chaos(backend(), seedBase + 2, [singleFault("isolate-leader", 6_000)]);
    expectDurable(report);
    expect(report.faults[0]?.writesBackAfterMs).not.toBeNull();
    expectWritesBackSoonAfterNewLeaders(report);
  });

  it("acknowledges nothing while no majority is reachable, fails those writes cleanly, and loses nothing", async (ctx) => {
    if (partitions()) {
      console.log(`skipped: ${partitions()}`);
      ctx.skip();
    }
    // Held past the gateway's append deadline (8 s), so calls fail rather than wait it out.
    const report = await chaos(backend(), seedBase + 3, [singleFault("isolate-majority", 11_000)]);
    expectDurable(report);
    expect(report.faults[0]?.acknowledgedWithoutMajority).toBe(0);
    expect(report.faults[0]?.errorsDuring).toBeGreaterThan(0);
  });

  it("loses nothing when the leader is paused past the election timeout, and its shards take writes soon after new leaders are elected", async () => {
    const report = await chaos(backend(), seedBase + 4, [singleFault("pause-leader", 6_000)]);
    expectDurable(report);
    expectWritesBackSoonAfterNewLeaders(report);
  });

  it("loses nothing when every node is killed -9 at once and restarted", async () => {
    const report = await chaos(backend(), seedBase + 5, [singleFault("kill-all", 2_000)]);
    expectDurable(report);
    expect(report.faults[0]?.writesBackAfterMs).not.toBeNull();
  });

  it("loses nothing through a rolling restart of all three nodes, each handing off its leaderships before it stops", async () => {
    // Ten seconds of load before the restart, to read its gaps against the same load with no fault.
    const report = await chaos(backend(), seedBase + 9, [singleFault("rolling-restart", 0)], undefined, 10_000);
    expectDurable(report);
    // A measurement, not an assertion: what producers saw.
    console.log(
      `[${backend().kind}] rolling restart: longest write gap of any shard ${report.faults[0]?.longestShardGapMs} ms, of the cluster ${report.faults[0]?.longestWriteGapMs} ms, ${report.faults[0]?.errorsDuring} failed calls or records; with no fault (${report.baseline.ms} ms before it), longest gap of any shard ${report.baseline.longestShardGapMs} ms`,
    );
  });

  it("restarts a bystander (no member of the cluster) at a rolling restart's pace, which shows what restarting anything costs producers on this host", async () => {
    const report = await chaos(backend(), seedBase + 11, [singleFault("bystander-restart", 0)], undefined, 10_000);
    expectDurable(report);
    const turns = report.faults[0]?.restarts ?? [];
    expect(turns.map((t) => t.node)).toEqual(["bystander", "bystander", "bystander"]);
    for (const t of turns) expect(t.stopMs <= t.stoppedMs && t.stoppedMs <= t.startedMs && t.leadingMs === undefined).toBe(true);
    expect(report.faults[0]?.nodes).toEqual([]);
    // The cluster's logs, which a report is read against, can be saved: every node's says it served.
    const logs = mkdtempSync(join(tmpdir(), "chaos-logs-"));
    try {
      await backend().saveLogs(logs);
      const text = readdirSync(logs).map((f) => readFileSync(join(logs, f), "utf8")).join("\n");
      for (const node of ["az-a", "az-b", "az-c"]) expect(text).toContain(`"node":"${node}"`);
      expect(text).toContain('"msg":"serving"');
    } finally {
      rmSync(logs, { recursive: true, force: true });
    }
    // A measurement, not an assertion: the control for the rolling restart's figure.
    console.log(
      `[${backend().kind}] bystander restart: longest write gap of any shard ${report.faults[0]?.longestShardGapMs} ms, of the cluster ${report.faults[0]?.longestWriteGapMs} ms; with no fault (${report.baseline.ms} ms before it), longest gap of any shard ${report.baseline.longestShardGapMs} ms`,
    );
  });

  it("loses nothing through a seeded mix of faults", async () => {
    const kinds = partitions() ? (["kill-leader", "kill-node", "pause-leader", "kill-all"] as const) : undefined;
    const report = await chaos(backend(), seedBase + 6, makeSchedule(seedBase + 6, 4, kinds));
    expectDurable(report);
  });
}
