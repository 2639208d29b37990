/**
 * Fault schedules: a seed gives the same list of faults every time, printed
 * before a run so that a failing run can be replayed.
 */

export const FAULT_KINDS = [
  /** kill -9 the node leading the most shards, restart it after the hold. */
  "kill-leader",
  /** kill -9 a node chosen by the seed, restart it after the hold. */
  "kill-node",
  /** Freeze the node leading the most shards for longer than the election timeout. */
  "pause-leader",
  /** Minority partition: cut the node leading the most shards off from the others and the gateway. */
  "isolate-leader",
  /** Majority partition: cut two nodes off, so the gateway reaches only one; no write may be acknowledged. */
  "isolate-majority",
  /** kill -9 all three nodes at once, restart them after the hold. */
  "kill-all",
  /** Split an open shard, then at once kill -9 the node leading it (the parent being sealed); restart after the hold. */
  "split-kill-parent-leader",
  /** Merge two adjacent open shards, then at once kill -9 the meta leader (which drives the reshard); restart after the hold. */
  "merge-kill-meta-leader",
  /** Not a fault but an operator's routine: stop each node in turn with SIGTERM (it hands off its leaderships first), start it again, wait until it leads again. */
  "rolling-restart",
  /** A machine lost for good: kill -9 a node chosen by the seed, delete its data, start a new one in its place (same name and address, empty disk). */
  "replace-node",
  /**
   * A control, not a fault: stop and start three times, at a rolling restart's
   * pace, something on the cluster's host that is no member of it (a container
   * on the cluster's network, or a process). What producers see then is what
   * restarting anything costs on this host, with no node involved.
   */
  "bystander-restart",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds a seeded schedule draws from unless told otherwise: the faults of machines and networks. */
export const MACHINE_FAULT_KINDS: readonly FaultKind[] = ["kill-leader", "kill-node", "pause-leader", "isolate-leader", "isolate-majority", "kill-all"];
export interface Fault {
  kind: FaultKind;
  /** How long the fault lasts. */
  holdMs: number;
  /** Load without faults after it, before the next. */
  gapMs: number;
  /** Picks a node where the kind leaves the choice open (kill-node, isolate-majority's survivor): 0, 1 or 2. */
  pick: number;
}

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How long each kind of fault may last: pauses and partitions outlast the election timeout (0.5–1 s). A rolling restart takes what it takes. */
const HOLD_MS: Record<FaultKind, [number, number]> = {
  "kill-leader": [1_000, 4_000],
  "kill-node": [1_000, 4_000],
  "pause-leader": [3_000, 6_000],
  "isolate-leader": [3_000, 6_000],
  "isolate-majority": [3_000, 5_000],
  "kill-all": [1_000, 3_000],
  "split-kill-parent-leader": [1_000, 3_000],
  "merge-kill-meta-leader": [1_000, 3_000],
  "rolling-restart": [0, 0],
  "bystander-restart": [0, 0],
  "replace-node": [1_000, 3_000],
};

export function makeSchedule(seed: number, count: number, kinds: readonly FaultKind[] = MACHINE_FAULT_KINDS): Fault[] {
  const next = random(seed);
  const between = (lo: number, hi: number) => Math.round(lo + next() * (hi - lo));
  return Array.from({ length: count }, () => {
    const kind = kinds[Math.floor(next() * kinds.length)] as FaultKind;
    const [lo, hi] = HOLD_MS[kind];
    return { kind, holdMs: between(lo, hi), gapMs: between(1_500, 3_000), pick: Math.floor(next() * 3) };
  });
}

/** One fault of a kind, for a test of that kind alone. */
export function singleFault(kind: FaultKind, holdMs = HOLD_MS[kind][1], gapMs = 2_000): Fault {
  return { kind, holdMs, gapMs, pick: 0 };
}

export function formatSchedule(faults: readonly Fault[]): string {
  return faults.map((f) => `${f.kind} ${(f.holdMs / 1000).toFixed(1)}s`).join(" · ");
}
