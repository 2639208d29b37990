/**
 * Simulated time: the node's timers fire when the simulator advances the
 * clock, in the order they fall due, so a run replays exactly from its seed.
 */
import type { Clock } from "../../src/clock.js";

interface Timer {
  at: number;
  readonly order: number;
  readonly fn: () => void;
  readonly everyMs: number | undefined;
  cancelled: boolean;
}

export class SimulatedClock implements Clock {
  private nowMs: number;
  private timers: Timer[] = [];
  private nextOrder = 0;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  every(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, ms);
  }

  after(ms: number, fn: () => void): () => void {
    return this.add(ms, fn, undefined);
  }

  private add(ms: number, fn: () => void, everyMs: number | undefined): () => void {
    const t: Timer = { at: this.nowMs + Math.max(ms, 1), order: this.nextOrder++, fn, everyMs, cancelled: false };
    this.timers.push(t);
    return () => {
      t.cancelled = true;
    };
  }

  /** Moves time to `to`, firing every timer due on the way, earliest first (ties in the order they were set). */
  advanceTo(to: number): void {
    for (let guard = 0; guard < 100_000; guard++) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: Timer | undefined;
      for (const t of this.timers) if (t.at <= to && (!next || t.at < next.at || (t.at === next.at && t.order < next.order))) next = t;
      if (!next) break;
      this.nowMs = next.at;
      if (next.everyMs !== undefined) next.at += next.everyMs;
      else next.cancelled = true;
      next.fn();
    }
    this.nowMs = to;
  }
}
