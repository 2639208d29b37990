/**
 * The load loop every write and read phase shares: `concurrency` callers,
 * each calling again as soon as its last call ends, until the phase's time
 * is up (or the caller is finished). A call resolves to the records it got
 * acknowledged and refused; a call that throws counts as a failed call, and
 * its caller pauses briefly before the next.
 */
import { sleep } from "@tributary/testkit";
import { now } from "./stats.js";

export type Call = (caller: number) => Promise<{ ok: number; failed: number }>;

/** What the callers did; live while they run (a progress line may read it). */
export class Tally {
  readonly latencies: number[] = [];
  /** Records acknowledged in each second of the phase. */
  readonly perSecond: number[] = [];
  records = 0;
  failedRecords = 0;
  failedCalls = 0;
}

/** Runs the callers for `seconds` into `tally`; returns the phase's length in milliseconds. */
export async function runCallers(tally: Tally, concurrency: number, seconds: number, call: Call, finished: (caller: number) => boolean = () => false): Promise<number> {
  const started = now();
  const deadline = started + seconds * 1000;
  const caller = async (i: number) => {
    while (now() < deadline && !finished(i)) {
      const t0 = now();
      try {
        const { ok, failed } = await call(i);
        const t1 = now();
        tally.latencies.push(t1 - t0);
        tally.records += ok;
        tally.failedRecords += failed;
        const s = Math.floor((t1 - started) / 1000);
        tally.perSecond[s] = (tally.perSecond[s] ?? 0) + ok;
      } catch {
        tally.failedCalls++;
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => caller(i)));
  return now() - started;
}
