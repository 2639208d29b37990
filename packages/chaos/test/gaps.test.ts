/**
 * The write gaps a chaos report gives: the longest producers waited with no
 * acknowledgement (a record sent and waiting, none acknowledged), for the
 * cluster and for the worst shard, and where that began.
 */
import { describe, expect, it } from "vitest";
import type { Ack } from "../src/index.js";
import { longestGap, worstShardGap } from "../src/index.js";

const ack = (shard: string, sentAt: number, ackAt: number): Ack => ({ id: `${shard}-${ackAt}`, shard, seq: "1", sentAt, ackAt, retried: false });

describe("write gaps", () => {
  // A load that always has a call in flight: each record was sent when the one before it was acknowledged.
  const busy = [ack("a", 0, 100), ack("a", 100, 150), ack("a", 150, 400), ack("b", 0, 120), ack("b", 120, 300), ack("b", 300, 330), ack("b", 330, 900)];

  it("under a load with calls always in flight, is the longest stretch without any acknowledgement", () => {
    expect(longestGap(busy, 0, 500)).toBe(150); // 150 → 300, longer than 0 → 100 (the first) or 400 → 500
    expect(longestGap(busy, 0, 700)).toBe(300); // 400 → the window's end, b's last record still waiting
  });

  it("names the worst shard's gap, where it began and which shard it was", () => {
    expect(worstShardGap(busy, 0, 450)).toEqual({ ms: 250, at: 150, shard: "a" });
    // Acknowledgements outside the window do not count; a record waiting at its end does.
    expect(worstShardGap(busy, 200, 450)).toEqual({ ms: 200, at: 200, shard: "a" });
    expect(worstShardGap(busy, 310, 800)).toEqual({ ms: 470, at: 330, shard: "b" });
  });

  it("leaves out the stretches in which no record waited (a paced load's idle time)", () => {
    // One call every 200 ms, each answered in 20 ms, except one that waited 130 ms.
    const paced = [ack("a", 0, 20), ack("a", 200, 220), ack("a", 400, 530), ack("a", 600, 620), ack("a", 800, 820)];
    expect(longestGap(paced, 0, 1_000)).toBe(130);
    expect(worstShardGap(paced, 0, 1_000)).toEqual({ ms: 130, at: 400, shard: "a" });
    // A record sent before the window and answered in it waited from the window's start.
    expect(longestGap(paced, 450, 1_000)).toBe(80);
    expect(longestGap([], 0, 500)).toBe(0);
  });

  it("stops at the window's end, and leaves out records sent after it", () => {
    const edges = [ack("a", 0, 100), ack("a", 100, 100), ack("a", 150, 400), ack("a", 450, 480)];
    expect(longestGap(edges, 0, 400)).toBe(250); // 150 → 400: an acknowledgement exactly at the end closes the window
    expect(longestGap(edges, 0, 300)).toBe(150); // 150 → 300: still waiting at the end
    expect(longestGap(edges, 410, 440)).toBe(0); // the only record waiting then was sent at 450
  });

  it("counts a record from its first send, across the acknowledgements of records sent after it", () => {
    // The record sent at 100 failed and was sent again; records sent later were acknowledged meanwhile.
    const retried = [ack("a", 0, 50), ack("a", 150, 180), ack("a", 100, 600), ack("a", 590, 610)];
    expect(longestGap(retried, 0, 1_000)).toBe(420); // 180 → 600: the retried record waited, nothing acknowledged
  });
});
