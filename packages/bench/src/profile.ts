/**
 * Where the time goes: runs one load phase against a local cluster whose
 * processes run under `node --cpu-prof`, then prints each process's CPU use
 * and the functions with the most self time. The .cpuprofile files stay in
 * the output folder for Chrome DevTools or speedscope.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalBackend } from "@tributary/chaos";
import { NODE_NAMES } from "@tributary/testkit";
import type { Member } from "@tributary/testkit";
import { leanPutRecordPhase } from "./lean-bench.js";
import { cpuMeter } from "./process-stats.js";
import { kinesisClient } from "./targets.js";
import type { Transport } from "./targets.js";
import { createStream, getRecordsPhase, putRecordPhase, putRecordsPhase } from "./throughput.js";

export const PROFILE_PHASES = ["putrecord", "putrecords", "getrecords"] as const;
export type ProfilePhase = (typeof PROFILE_PHASES)[number];

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), most first. */
export function topFunctions(profile: CpuProfile, count: number): { fn: string; ms: number; percent: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    if (!frame) return;
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/|packages\/)/, "")}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms), percent: Math.round((ms / Math.max(1, total)) * 1000) / 10 }));
}

/** `lean`: the PutRecord phase from the lean client with `callers` callers (the server measured); else the SDK's phases. */
export async function profile(phase: ProfilePhase, transport: Transport, seconds: number, outDir: string, lean?: { callers: number }): Promise<string> {
  const dir = resolve(outDir, `profile-${phase}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const backend = new LocalBackend({ network: "loopback", runtimeArgs: ["--cpu-prof", "--cpu-prof-dir", dir] });
  const lines: string[] = [];
  await backend.start();
  try {
    const kinesis = kinesisClient(backend.endpoint, transport);
    await createStream(kinesis, "profile", 4);
    if (phase === "getrecords") await putRecordsPhase(kinesis, "profile", 4, seconds);
    const members: Member[] = [...NODE_NAMES, "gateway"];
    const pids = new Map<string, number>(members.map((m) => [m, backend.pid(m) as number]));
    pids.set("benchmark client", process.pid);
    const meter = cpuMeter(pids);
    if (lean) {
      const target = { name: "tributary" as const, endpoint: backend.endpoint, pids: () => new Map([...pids].filter(([name]) => name !== "benchmark client")), stop: () => backend.stop() };
      const result = await leanPutRecordPhase(target, transport, lean.callers, seconds);
      lines.push(`${result.phase} over ${transport}: ${result.callsPerSecond} calls/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, servers' CPU ${result.serverCpuMsPerCall} ms per call`);
    } else {
      const result =
        phase === "putrecord" ? await putRecordPhase(kinesis, "profile", 32, seconds) : phase === "putrecords" ? await putRecordsPhase(kinesis, "profile", 16, seconds) : await getRecordsPhase(kinesis, "profile", seconds * 4);
      lines.push(`${phase} over ${transport}: ${result.recordsPerSecond} records/s`);
    }
    const cpu = meter();
    kinesis.destroy();
    lines.push("", "CPU (% of one core) during the phase:");
    for (const [name, percent] of cpu) lines.push(`  ${name.padEnd(18)} ${percent}%`);
    // Which profile file is whose: each process writes CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile on exit.
    await backend.stop();
    // Only main threads (thread id 0); the others are module-loader workers.
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && f.split(".")[4] === "0")) {
      const pid = Number(file.split(".")[3]);
      const who = [...pids].find(([, p]) => p === pid)?.[0] ?? `pid ${pid}`;
      lines.push("", `${who} (${file}), most self time:`);
      for (const f of topFunctions(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile, 25)) lines.push(`  ${String(f.percent).padStart(5)}%  ${String(f.ms).padStart(6)} ms  ${f.fn}`);
    }
  } finally {
    await backend.stop();
  }
  return lines.join("\n");
}
