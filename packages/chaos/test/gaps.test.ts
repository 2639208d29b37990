/**
 * The write gaps a chaos report gives: the longest stretch without an
 * acknowledgement, for the cluster and for the worst shard, and where it
 * began.
 */
import { describe, expect, it } from "vitest";
import type { Ack } from "../src/index.js";
import { longestGap, worstShardGap } from "../src/index.js";

const ack = (shard: string, ackAt: number): Ack => ({ id: `${shard}-${ackAt}`, shard, seq: "1", sentAt: ackAt - 5, ackAt, retried: false });

describe("write gaps", () => {
  const acks = [ack("a", 100), ack("a", 150), ack("a", 400), ack("b", 120), ack("b", 300), ack("b", 330)];

  it("measures the cluster's longest stretch without any acknowledgement, counting the window's edges", () => {
    expect(longestGap(acks, 0, 500)).toBe(150); // 150 → 300, longer than 0 → 100 (the first) or 400 → 500 (the end)
    expect(longestGap(acks, 0, 700)).toBe(300); // 400 → the window's end
    expect(longestGap([], 0, 500)).toBe(500);
  });

  it("names the worst shard's gap, where it began and which shard it was", () => {
    expect(worstShardGap(acks, 0, 450)).toEqual({ ms: 250, at: 150, shard: "a" });
    // Acknowledgements outside the window do not count; the stretch to its end does.
    expect(worstShardGap(acks, 200, 450)).toEqual({ ms: 200, at: 200, shard: "a" });
    expect(worstShardGap(acks, 310, 800)).toEqual({ ms: 470, at: 330, shard: "b" });
  });
});
