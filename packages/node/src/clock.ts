/**
 * Time as the node sees it. Production uses the system clock and Node's
 * timers; the simulator passes a clock it advances itself, so a whole
 * cluster's run replays from one seed. Nothing else in the node reads the
 * time or sets a timer.
 */
export interface Clock {
  /** Wall-clock milliseconds: arrival times, deadlines, retention. */
  now(): number;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
  /** Calls `fn` once after `ms` unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}
