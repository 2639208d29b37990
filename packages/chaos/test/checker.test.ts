/**
 * The durability checker on made-up histories: it must catch each kind of
 * violation, and pass what is allowed.
 */
import { describe, expect, it } from "vitest";
import type { Ack, ShardContents } from "../src/index.js";
import { checkDurability } from "../src/index.js";

const run = "r1";
const seq = (n: number) => String(49_000_000_000n + BigInt(n));
const ack = (n: number, shard = "shardId-0", sentAt = n * 10, ackAt = n * 10 + 5): Ack => ({ id: `${run}-p0-${n}`, shard, seq: seq(n), sentAt, ackAt, retried: false });
const stored = (shard: string, ...ns: number[]): ShardContents => ({ shard, records: ns.map((n) => ({ seq: seq(n), id: `${run}-p0-${n}` })) });

describe("durability checker", () => {
  it("passes a clean history", () => {
    const r = checkDurability([ack(1), ack(2), ack(3)], new Set(), [stored("shardId-0", 1, 2, 3)], run);
    expect(r).toMatchObject({ ok: true, acknowledged: 3, readable: 3, lost: 0, reordered: 0, sequenceNumberViolations: 0 });
  });

  it("finds an acknowledged record that is not readable", () => {
    const r = checkDurability([ack(1), ack(2), ack(3)], new Set(), [stored("shardId-0", 1, 3)], run);
    expect(r.ok).toBe(false);
    expect(r.lost).toBe(1);
    expect(r.examples.lost[0]?.id).toBe(`${run}-p0-2`);
  });

  it("finds a sequence number acknowledged for one record that holds another", () => {
    const contents: ShardContents = { shard: "shardId-0", records: [{ seq: seq(1), id: `${run}-p0-1` }, { seq: seq(2), id: `${run}-p0-3` }, { seq: seq(3), id: `${run}-p0-2` }] };
    const r = checkDurability([ack(1), ack(2), ack(3)], new Set(), [contents], run);
    expect(r.ok).toBe(false);
    expect(r.sequenceNumberViolations).toBe(2);
  });

  it("finds one sequence number read twice, and sequence numbers going backwards", () => {
    const twice: ShardContents = { shard: "shardId-0", records: [{ seq: seq(1), id: `${run}-p0-1` }, { seq: seq(1), id: `${run}-p0-2` }] };
    expect(checkDurability([], new Set(), [twice], run).sequenceNumberViolations).toBe(1);
    const backwards: ShardContents = { shard: "shardId-0", records: [{ seq: seq(2), id: `${run}-p0-2` }, { seq: seq(1), id: `${run}-p0-1` }] };
    expect(checkDurability([], new Set(), [backwards], run).reordered).toBe(1);
  });

  it("finds a record stored before one that was acknowledged before it was sent", () => {
    // Record 5 was acknowledged at 55; record 6 first sent at 60; yet 6 is stored first.
    const contents: ShardContents = { shard: "shardId-0", records: [{ seq: seq(5), id: `${run}-p0-6` }, { seq: seq(6), id: `${run}-p0-5` }] };
    const acks = [{ ...ack(5), seq: seq(6) }, { ...ack(6), seq: seq(5) }];
    const r = checkDurability(acks, new Set(), [contents], run);
    expect(r.ok).toBe(false);
    expect(r.reordered).toBe(1);
    // Concurrent records (neither acknowledged before the other was sent) may be stored in either order.
    const concurrent = [{ ...ack(5), sentAt: 50, ackAt: 70, seq: seq(6) }, { ...ack(6), sentAt: 60, ackAt: 65, seq: seq(5) }];
    expect(checkDurability(concurrent, new Set(), [contents], run).ok).toBe(true);
  });

  it("tells duplicates a client retry explains from those it does not", () => {
    const twice = stored("shardId-0", 1, 2);
    twice.records.push({ seq: seq(3), id: `${run}-p0-2` });
    const explained = checkDurability([ack(1), ack(2)], new Set([`${run}-p0-2`]), [twice], run);
    expect(explained).toMatchObject({ ok: true, duplicated: { records: 1, explainedByRetry: 1, unexplained: 0 } });
    const unexplained = checkDurability([ack(1), ack(2)], new Set(), [twice], run);
    expect(unexplained).toMatchObject({ ok: false, duplicated: { records: 1, explainedByRetry: 0, unexplained: 1 } });
  });

  it("counts readable records never acknowledged, and records of other writers, without failing", () => {
    const contents = stored("shardId-0", 1, 2);
    contents.records.push({ seq: seq(9), id: undefined }, { seq: seq(10), id: "someone-else" });
    const r = checkDurability([ack(1)], new Set(), [contents], run);
    expect(r).toMatchObject({ ok: true, unacknowledgedReadable: 1, foreign: 2, readable: 4 });
  });

  it("finds a partition key's records out of order across a parent and its child, and passes them in order", () => {
    // Key k: record 1 acknowledged (in the parent) before record 2 was sent (to the child).
    const keyed = (shard: string, ...ns: number[]): ShardContents => ({ shard, records: ns.map((n) => ({ seq: seq(n), id: `${run}-p0-${n}`, partitionKey: "k" })) });
    const inOrder = checkDurability([ack(1, "shardId-000000000000"), ack(2, "shardId-000000000002")], new Set(), [keyed("shardId-000000000000", 1), keyed("shardId-000000000002", 2)], run);
    expect(inOrder).toMatchObject({ ok: true, reordered: 0, reorderedInKey: 0 });
    // The same records, but the later one in the parent and the earlier one in the child: a consumer reads them backwards.
    const backwards = checkDurability([ack(2, "shardId-000000000000"), ack(1, "shardId-000000000002")], new Set(), [keyed("shardId-000000000000", 2), keyed("shardId-000000000002", 1)], run);
    expect(backwards).toMatchObject({ ok: false, reorderedInKey: 1 });
  });
});
