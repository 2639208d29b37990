/**
 * A group's log cache is bounded in bytes as well as entries: large records
 * compact it long before the entry count would, on every replica and after
 * a restart, and every record still reads back from disk. Reads at the tail
 * (a consumer keeping up) come from that memory, not the store. A replica
 * fetching the records gets them in chunks bounded in bytes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";
import * as limits from "../src/limits.js";
import { sequenceOf } from "./sequence-of.js";

let c: InMemoryCluster;
let group = 0;
afterAll(() => c?.stop());
beforeAll(async () => {
  c = await InMemoryCluster.start();
  await c.waitFor("a meta leader", () => c.metaLeader() !== undefined);
  const meta = c.gatewayCaller(memoryAddress(c.metaLeader() as string));
  const res = await meta.proposeCatalog({ command: { createStream: { name: "large", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 10240, nowMs: Date.now() } } }, 5_000);
  expect(res.failure ?? null).toBeNull();
  await c.waitFor("the shard led", () => {
    const s = c.metaLeaderNode()?.catalog().streams.get("large");
    group = s?.shards[0]?.groupId ?? 0;
    return s?.status === "ACTIVE" && c.leaderOf(group) !== undefined;
  });
}, 60_000);

const cachedBytes = (name: string) => [...(c.node(name)?.groups.all() ?? [])].find((g) => g.id === group)?.cachedBytes() ?? -1;

describe("the log cache", () => {
  it("stays within its bytes on every replica as 10 MiB records arrive, and every record reads back", async () => {
    const sent: { sequenceNumber: string; data: Buffer }[] = [];
    for (let i = 0; i < 8; i++) {
      const data = Buffer.alloc(10 * 1024 * 1024 - 100, i + 1);
      const res = await c.gatewayCaller(memoryAddress(c.leaderOf(group) as string)).append({ groupId: group, records: [{ data, partitionKey: `k${i}` }] }, 10_000);
      expect(res.failure ?? null).toBeNull();
      sent.push({ sequenceNumber: sequenceOf(group, res.ok?.index as number, res.ok?.firstOffset as number, res.ok?.arrivalMs as number), data });
    }
    // 80 MiB written: each replica's cache comes down to its bound at the next maintenance rounds.
    await c.waitFor("caches within their bound", () => c.names.every((n) => cachedBytes(n) >= 0 && cachedBytes(n) <= limits.shardLogCacheBytesMax), 10_000);
    for (const name of c.names) {
      const got: { sequenceNumber: string; data: Uint8Array }[] = [];
      let from = 1;
      let offset = 0;
      // A follower may still be applying the last records: read on until all are there (bounded).
      for (let k = 0; k < 200 && got.length < sent.length; k++) {
        const res = await c.gatewayCaller(memoryAddress(name)).read({ groupId: group, fromIndex: from, fromOffset: offset, limit: 100, maxBytes: 10 * 1024 * 1024 }, 10_000);
        got.push(...(res.ok?.records ?? []).map((r) => ({ sequenceNumber: sequenceOf(group, r.index, r.offset, r.arrivalMs), data: r.data })));
        from = Number(res.ok?.nextIndex ?? from);
        offset = Number(res.ok?.nextOffset ?? offset);
        if ((res.ok?.records ?? []).length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(got.map((r) => r.sequenceNumber)).toEqual(sent.map((s) => s.sequenceNumber));
      got.forEach((r, i) => expect(Buffer.from(r.data).equals(sent[i]?.data as Buffer), `record ${i} on ${name}`).toBe(true));
    }
    // A restarted replica reloads no more than the bound.
    const follower = c.names.find((n) => n !== c.leaderOf(group)) as string;
    await c.crash(follower);
    await c.startNode(follower);
    await c.waitFor("the shard loaded on the restarted replica", () => cachedBytes(follower) >= 0, 30_000);
    expect(cachedBytes(follower)).toBeLessThanOrEqual(limits.shardLogCacheBytesMax);
  }, 120_000);

  it("hands a replica fetching its records (to install a snapshot) chunks of at most 1 MiB, however large the entries", async () => {
    const leader = c.leaderOf(group) as string;
    const last = Number(c.node(leader)?.groups.shard(group)?.status().applied);
    const chunks: number[][] = [];
    for await (const chunk of c.peerCaller(leader).fetchLog({ groupId: group, fromIndex: 1, toIndex: last })) chunks.push(chunk.storedEntries.map((b) => b.byteLength));
    // Every entry comes, once; a chunk holds one entry, or several within the bound.
    expect(chunks.flat().length).toBe(last);
    for (const sizes of chunks) if (sizes.length > 1) expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(limits.fetchChunkBytesMax + Math.max(...sizes));
    expect(chunks.length).toBeGreaterThanOrEqual(8); // the eight 10 MiB records went in chunks of their own
  });

  it("serves reads at the tail of a shard from memory, on the leader and on followers, without reading the store", async () => {
    for (let i = 0; i <= 20; i++) {
      const res = await c.gatewayCaller(memoryAddress(c.leaderOf(group) as string)).append({ groupId: group, records: [{ data: Buffer.from(`tail-${i}`), partitionKey: "k" }] }, 5_000);
      expect(res.failure ?? null).toBeNull();
    }
    for (const name of c.names) {
      const store = c.store(name);
      const reads = vi.spyOn(store, "readEntries");
      const seeks = vi.spyOn(store, "firstStoredIndex");
      const shard = c.node(name)?.groups.shard(group);
      await c.waitFor(`${name} to apply the 21 records`, () => (shard?.status().applied ?? 0) >= (c.node(c.leaderOf(group) as string)?.groups.shard(group)?.status().commit ?? Infinity));
      const last = Number(shard?.status().applied);
      // A consumer at the head reads the last few entries, as a tailing GetRecords does.
      const res = await c.gatewayCaller(memoryAddress(name)).read({ groupId: group, fromIndex: last - 4, fromOffset: 0, limit: 100, maxBytes: 1024 * 1024 }, 5_000);
      expect(res.ok?.records.map((r) => Buffer.from(r.data).toString())).toEqual(["tail-16", "tail-17", "tail-18", "tail-19", "tail-20"]);
      expect(reads).not.toHaveBeenCalled();
      expect(seeks).not.toHaveBeenCalled();
      reads.mockRestore();
      seeks.mockRestore();
    }
  });
});
