/** CPU time and memory of a process by PID, from /proc (Linux). */
import { readdirSync, readFileSync } from "node:fs";

const ticksPerSecond = 100; // USER_HZ on Linux

/** User + system CPU time of `pid` in milliseconds, or undefined if it is gone. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * Time `pid`'s threads spent on a CPU, in milliseconds, as the scheduler
 * counts it (/proc/PID/task/N/schedstat, nanoseconds), or undefined if it is
 * gone. Unlike cpuMs, which samples at each timer tick, it is exact for
 * processes that run in bursts far shorter than a tick.
 */
export function runtimeMs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

/** The same for `pid`'s main thread alone (where a Node.js process runs its JavaScript), or undefined if it is gone. */
export function mainThreadRuntimeMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Resident set size of `pid` in MiB, or undefined if it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring the CPU of some processes; the result is percent of one
 * core over the interval. `read` is the CPU-time reader (default cpuMs; or
 * runtimeMs, mainThreadRuntimeMs).
 */
export function cpuMeter(pids: ReadonlyMap<string, number>, read: (pid: number) => number | undefined = cpuMs): () => Map<string, number> {
  const started = performance.now();
  const before = new Map([...pids].map(([name, pid]) => [name, read(pid) ?? 0]));
  return () => {
    const elapsed = performance.now() - started;
    return new Map([...pids].map(([name, pid]) => [name, Math.round((((read(pid) ?? 0) - (before.get(name) ?? 0)) / elapsed) * 1000) / 10]));
  };
}
