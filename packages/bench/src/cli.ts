#!/usr/bin/env node
/**
 * Benchmarks. Each prints a table, writes JSON under results/bench/, and
 * rebuilds results/bench/report.md (with SVG charts) from whatever JSON is
 * there. None of them asserts anything.
 *
 *   tributary-bench throughput [--seconds 8]       PutRecords, PutRecord, GetRecords, put-to-get through the AWS SDK; beside kinesalite
 *   tributary-bench lean [--seconds 8]             the same writes and reads from a lean client (no SDK), with the servers' CPU per call; beside kinesalite
 *   tributary-bench failover [--kills 5]             SIGKILL the node leading the most shards under load, repeatedly
 *   tributary-bench durability [--faults 6] [--seed 1]   seeded chaos under load, fsync on and off
 *   tributary-bench scale [--shards 1,16,256,1024]   stream creation time, idle CPU, memory, fsyncs/s under a fixed load
 *   tributary-bench profile [--phase putrecord|putrecords|getrecords] [--transport h2|h1] [--lean-callers N]   one phase under node --cpu-prof; top functions per process (--lean-callers: PutRecord from the lean client)
 *   tributary-bench reshard [--splits 10]          SplitShard under PutRecord load: time to ACTIVE, write gap on the parent's keys
 *   tributary-bench fanout [--seconds 10]          SubscribeToShard put-to-receive latency beside GetRecords polling; 1, 5 and 20 consumers of a shard
 *   tributary-bench rebuild [--mib 1024] [--shards 8]   fill a stream, wipe a node, time its rebuild (MiB/s)
 *   tributary-bench wakeup                         the machine's floor: CPU per round trip of a bare TCP and gRPC echo between two processes, back to back and at 1 and 10 ms pauses
 *   tributary-bench all                            throughput, lean, failover, durability and scale, one after another
 *   tributary-bench report                         rebuild report.md and report.html from the JSON files
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { durabilityBenchmark, formatDurabilityBench } from "./durability-bench.js";
import { fanoutBenchmark, formatFanout } from "./fanout.js";
import { formatLean, leanBenchmark } from "./lean-bench.js";
import { failoverBenchmark, formatFailover } from "./failover.js";
import { profile, PROFILE_PHASES } from "./profile.js";
import { writeReport } from "./report.js";
import { formatRebuild, rebuildBenchmark } from "./rebuild.js";
import { formatReshard, reshardBenchmark } from "./reshard.js";
import { formatScale, scaleBenchmark } from "./scale.js";
import type { ProfilePhase } from "./profile.js";
import { formatThroughput, throughputBenchmark } from "./throughput-bench.js";
import { formatWakeup, wakeupBenchmark } from "./wakeup.js";

function fail(message: string): never {
  process.stderr.write(`tributary-bench: ${message}\n`);
  process.exit(2);
}

const [command = "", ...rest] = process.argv.slice(2);
function parse() {
  try {
    return parseArgs({ args: rest, options: { seconds: { type: "string" }, phase: { type: "string", default: "putrecord" }, kills: { type: "string", default: "5" }, faults: { type: "string", default: "6" }, seed: { type: "string", default: "1" }, shards: { type: "string" }, mib: { type: "string", default: "1024" }, splits: { type: "string", default: "10" }, transport: { type: "string", default: "h2" }, "lean-callers": { type: "string" }, out: { type: "string", default: "results/bench" } } }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}
const values = parse();
const out = values.out;
mkdirSync(out, { recursive: true });
const count = (name: "kills" | "faults" | "seed" | "splits", min: number) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got ${values[name]}`);
  return n;
};
const seconds = (fallback: number) => {
  const n = Number(values.seconds ?? fallback);
  if (!Number.isFinite(n) || n <= 0) fail(`--seconds must be a positive number, got ${values.seconds}`);
  return n;
};

function scaleShards(): number[] {
  const text = values.shards ?? "1,16,256,1024";
  const shards = text.split(",").map(Number);
  if (shards.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) fail(`--shards must list shard counts from 1 to 4096, got ${text}`);
  return shards;
}

function save(name: string, report: unknown, text: string): void {
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeReport(out);
  process.stdout.write(`\n${text}\n\nwritten: ${join(out, `${name}.json`)}, ${join(out, "report.md")}, ${join(out, "report.html")}\n`);
}

switch (command) {
  case "throughput": {
    const r = await throughputBenchmark(seconds(8));
    save("throughput", r, formatThroughput(r));
    break;
  }
  case "lean": {
    const r = await leanBenchmark(seconds(8));
    save("lean", r, formatLean(r));
    break;
  }
  case "failover": {
    const r = await failoverBenchmark(count("kills", 1));
    save("failover", r, formatFailover(r));
    break;
  }
  case "durability": {
    const r = await durabilityBenchmark(count("seed", 0), count("faults", 1), out);
    save("durability", r, formatDurabilityBench(r));
    break;
  }
  case "scale": {
    const shards = scaleShards();
    const r = await scaleBenchmark(shards);
    save("scale", r, formatScale(r));
    break;
  }
  case "reshard": {
    const r = await reshardBenchmark(count("splits", 1));
    save("reshard", r, formatReshard(r));
    break;
  }
  case "rebuild": {
    const mib = Number(values.mib);
    const shards = Number(values.shards ?? 8);
    if (!Number.isFinite(mib) || mib <= 0 || mib > 65_536) fail(`--mib must be a size in MiB from 1 to 65536, got ${values.mib}`);
    if (!Number.isInteger(shards) || shards < 1 || shards > 256) fail(`--shards must be an integer from 1 to 256, got ${values.shards}`);
    const r = await rebuildBenchmark(mib, shards);
    save("rebuild", r, formatRebuild(r));
    break;
  }
  case "fanout": {
    const r = await fanoutBenchmark(seconds(10));
    save("fanout", r, formatFanout(r));
    break;
  }
  case "wakeup": {
    const r = await wakeupBenchmark();
    save("wakeup", r, formatWakeup(r));
    break;
  }
  case "report": {
    writeReport(out);
    process.stdout.write(`written: ${join(out, "report.md")}, ${join(out, "report.html")}\n`);
    break;
  }
  case "all": {
    const t = await throughputBenchmark(seconds(8));
    save("throughput", t, formatThroughput(t));
    const l = await leanBenchmark(seconds(8));
    save("lean", l, formatLean(l));
    const f = await failoverBenchmark(count("kills", 1));
    save("failover", f, formatFailover(f));
    const d = await durabilityBenchmark(count("seed", 0), count("faults", 1), out);
    save("durability", d, formatDurabilityBench(d));
    const s = await scaleBenchmark(scaleShards());
    save("scale", s, formatScale(s));
    break;
  }
  case "profile": {
    const phase = values.phase as ProfilePhase;
    if (!PROFILE_PHASES.includes(phase)) fail(`--phase must be one of ${PROFILE_PHASES.join(", ")}`);
    const transport = values.transport === "h1" ? "h1" : "h2";
    const leanCallers = values["lean-callers"] === undefined ? undefined : Number(values["lean-callers"]);
    if (leanCallers !== undefined && (!Number.isInteger(leanCallers) || leanCallers < 1 || leanCallers > 256)) fail(`--lean-callers must be an integer from 1 to 256, got ${values["lean-callers"]}`);
    process.stdout.write(`${await profile(phase, transport, seconds(10), out, leanCallers === undefined ? undefined : { callers: leanCallers })}\n`);
    break;
  }
  default:
    fail(`unknown benchmark ${JSON.stringify(command)}; the benchmarks are throughput, lean, failover, durability, scale, reshard, fanout, all, report and profile`);
}
process.exit(0);
