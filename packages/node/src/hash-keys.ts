/**
 * The 128-bit hash key space of a stream, and how shards tile it: the even
 * split Kinesis makes, and the next split or merge that brings a stream's
 * open shards to an even split of another count (UpdateShardCount's
 * UNIFORM_SCALING).
 */

export const HASH_KEY_MAX = (1n << 128n) - 1n;

export interface HashRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** Even split of the hash key space into `count` ranges, as Kinesis does it. */
export function hashRanges(count: number): HashRange[] {
  const space = 1n << 128n;
  return Array.from({ length: count }, (_, i) => ({
    start: (space * BigInt(i)) / BigInt(count),
    end: i === count - 1 ? HASH_KEY_MAX : (space * BigInt(i + 1)) / BigInt(count) - 1n,
  }));
}

export type ScalingStep = { readonly split: string; readonly at: bigint } | { readonly merge: readonly [string, string] };

/**
 * The steps that bring `open` (shards tiling the key space, sorted or not) to
 * the even split into `target` ranges, as far as they can run at once: first
 * every open shard with a target boundary strictly inside is split there (at
 * its first such boundary); when none is, every two adjacent shards inside the
 * same target range are merged (pairwise, disjoint). An empty list: `open`
 * already is the even split. Splitting only at boundaries and merging only
 * within a range converges: each step removes a boundary that is not a target
 * or adds one that is.
 */
export function scalingSteps(open: readonly { shardId: string; start: bigint; end: bigint }[], target: number): ScalingStep[] {
  const ranges = hashRanges(target);
  const boundaries = ranges.slice(1).map((r) => r.start);
  const shards = [...open].sort((a, b) => (a.start < b.start ? -1 : 1));
  const splits: ScalingStep[] = [];
  for (const s of shards) {
    const inside = boundaries.find((b) => b > s.start && b <= s.end);
    if (inside !== undefined) splits.push({ split: s.shardId, at: inside });
  }
  if (splits.length > 0) return splits;
  const rangeOf = (key: bigint) => ranges.findIndex((r) => r.start <= key && key <= r.end);
  const merges: ScalingStep[] = [];
  for (let i = 0; i + 1 < shards.length; i++) {
    const a = shards[i] as (typeof shards)[number];
    const b = shards[i + 1] as (typeof shards)[number];
    if (rangeOf(a.start) === rangeOf(b.end)) {
      merges.push({ merge: [a.shardId, b.shardId] });
      i++;
    }
  }
  return merges;
}
