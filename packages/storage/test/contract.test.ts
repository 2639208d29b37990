/**
 * The store contract, run against both implementations: LevelDB on disk and
 * the in-memory key-value store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Entry } from "@tributary/raft";
import { EntryType, logIndex, nodeId, term } from "@tributary/raft";
import { CorruptEntryError, DataDirectoryInUseError, DurableStore, entryKey, LevelKeyValueStore, MemoryKeyValueStore } from "../src/index.js";
import type { KeyValueStore } from "../src/index.js";

const voters = [nodeId("a"), nodeId("b"), nodeId("c")];
const entry = (t: number, i: number, text = `${t}@${i}`): Entry => ({ term: term(t), index: logIndex(i), type: EntryType.Normal, data: new TextEncoder().encode(text) });
const entries = (t: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => entry(t, from + k));

interface Backend {
  name: string;
  /** Opens the store; calling it again after close reopens the same data. */
  open(): Promise<DurableStore>;
  cleanup(): void;
}

function levelBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), "tributary-store-"));
  return { name: "level", open: () => DurableStore.openLevel(join(dir, "db")), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function memoryBackend(): Backend {
  // A memory store survives "reopening" by keeping the same map.
  const kv = new MemoryKeyValueStore();
  const reopenable: KeyValueStore = { get: (k) => kv.get(k), write: (o, s) => kv.write(o, s), range: (o) => kv.range(o), clear: (a, b) => kv.clear(a, b), close: async () => {} };
  return { name: "memory", open: async () => new DurableStore(reopenable), cleanup: () => {} };
}

for (const makeBackend of [memoryBackend, levelBackend]) {
  describe(`DurableStore contract (${makeBackend().name})`, () => {
    let backend: Backend;
    let store: DurableStore;
    const open = async () => {
      backend = makeBackend();
      store = await backend.open();
      return store;
    };
    const reopen = async () => {
      await store.close();
      store = await backend.open();
      return store;
    };
    afterEach(async () => {
      await store?.close();
      backend?.cleanup();
    });

    it("persists entries and hard state, and loads them back after reopening", async () => {
      await open();
      const log = await store.loadGroup(1);
      const batch = store.newBatch();
      log.append(entries(1, 1, 5), batch);
      log.setHardState({ term: term(1), vote: voters[0]!, commit: logIndex(3) }, batch);
      await store.write(batch);
      await reopen();
      const loaded = await store.loadGroup(1);
      expect(loaded.lastIndex()).toBe(5);
      expect(loaded.term(logIndex(4))).toBe(1);
      expect(loaded.initialState().hardState).toEqual({ term: 1, vote: "a", commit: 3 });
      expect(loaded.entries(logIndex(2), logIndex(4), Infinity).map((e) => new TextDecoder().decode(e.data))).toEqual(["1@2", "1@3"]);
      expect(await store.listGroups()).toEqual([1]);
    });

    it("replaces a conflicting tail and deletes its stale keys", async () => {
      await open();
      const log = await store.loadGroup(2);
      let batch = store.newBatch();
      log.append(entries(1, 1, 6), batch);
      log.setHardState({ term: term(1), vote: voters[0]!, commit: logIndex(0) }, batch);
      await store.write(batch);
      batch = store.newBatch();
      log.append([entry(2, 3), entry(2, 4)], batch);
      await store.write(batch);
      await reopen();
      const loaded = await store.loadGroup(2);
      expect(loaded.lastIndex()).toBe(4);
      expect(loaded.term(logIndex(3))).toBe(2);
      expect((await store.readEntries(2, 1, 10, Infinity)).map((e) => e.index)).toEqual([1, 2, 3, 4]);
    });

    it("keeps groups apart and writes many groups in one synced batch (group commit)", async () => {
      await open();
      const batch = store.newBatch();
      for (let g = 1; g <= 50; g++) {
        const log = await store.loadGroup(g);
        log.append(entries(1, 1, 3), batch);
        log.setHardState({ term: term(1), vote: voters[0]!, commit: logIndex(3) }, batch);
      }
      const before = store.stats.syncWrites;
      await store.write(batch);
      expect(store.stats.syncWrites - before).toBe(1);
      expect(await store.listGroups()).toHaveLength(50);
      expect((await store.readEntries(17, 1, 100, Infinity)).map((e) => e.index)).toEqual([1, 2, 3]);
    });

    it("compacts: the meta group deletes compacted entries, a shard keeps them as records", async () => {
      await open();
      const meta = await store.loadGroup(0);
      const shard = await store.loadGroup(5);
      let batch = store.newBatch();
      meta.append(entries(1, 1, 10), batch);
      shard.append(entries(1, 1, 10), batch);
      await store.write(batch);
      batch = store.newBatch();
      meta.compact(logIndex(8), { voters }, new TextEncoder().encode("catalog"), batch, true);
      shard.compact(logIndex(8), { voters }, new Uint8Array(), batch, false);
      await store.write(batch);
      await reopen();
      const m = await store.loadGroup(0);
      const s = await store.loadGroup(5);
      expect(m.firstIndex()).toBe(9);
      expect(m.snapshot().metadata).toEqual({ index: 8, term: 1, confState: { voters } });
      expect(new TextDecoder().decode(m.snapshot().data)).toBe("catalog");
      expect((await store.readEntries(0, 1, 11, Infinity)).map((e) => e.index)).toEqual([9, 10]);
      expect(s.firstIndex()).toBe(9);
      expect((await store.readEntries(5, 1, 11, Infinity)).map((e) => e.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it("installs a snapshot from the leader, dropping the superseded log", async () => {
      await open();
      const log = await store.loadGroup(3);
      let batch = store.newBatch();
      log.append(entries(1, 1, 5), batch);
      await store.write(batch);
      batch = store.newBatch();
      log.applySnapshot({ metadata: { index: logIndex(20), term: term(3), confState: { voters } }, data: new Uint8Array([1]) }, batch, false);
      await store.write(batch);
      await reopen();
      const loaded = await store.loadGroup(3);
      expect(loaded.firstIndex()).toBe(21);
      expect(loaded.lastIndex()).toBe(20);
      expect(loaded.term(logIndex(20))).toBe(3);
      expect(await store.readEntries(3, 1, 30, Infinity)).toEqual([]);
    });

    it("reads within a byte budget, always at least one entry", async () => {
      await open();
      const log = await store.loadGroup(4);
      const batch = store.newBatch();
      log.append(entries(1, 1, 10), batch);
      await store.write(batch);
      expect((await store.readEntries(4, 1, 11, 7)).map((e) => e.index)).toEqual([1, 2]);
      expect((await store.readEntries(4, 1, 11, 0)).map((e) => e.index)).toEqual([1]);
      expect((await store.readEntries(4, 4, 11, Infinity, 3)).map((e) => e.index)).toEqual([4, 5, 6]);
    });

    it("never serves a corrupt entry: reads and loads fail with CorruptEntryError", async () => {
      await open();
      const log = await store.loadGroup(6);
      const batch = store.newBatch();
      log.append(entries(1, 1, 3), batch);
      await store.write(batch);
      const raw = (await store.kv.get(entryKey(6, 2))) as Uint8Array;
      const flipped = raw.slice();
      flipped[flipped.length - 8] = (flipped[flipped.length - 8] ?? 0) ^ 0xff;
      await store.kv.write([{ type: "put", key: entryKey(6, 2), value: flipped }], true);
      await expect(store.readEntries(6, 1, 4, Infinity)).rejects.toBeInstanceOf(CorruptEntryError);
      await expect(store.loadGroup(6)).rejects.toBeInstanceOf(CorruptEntryError);
    });

    it("stores the node identity and the peers it heard from", async () => {
      await open();
      const batch = store.newBatch();
      store.putIdentity({ clusterId: "c1", nodeName: "az-a", incarnation: 2, createdMs: 5 }, batch);
      store.putPeersHeardFrom(new Map([["az-b", 1]]), batch);
      await store.write(batch);
      await reopen();
      expect(await store.readIdentity()).toEqual({ clusterId: "c1", nodeName: "az-a", incarnation: 2, createdMs: 5 });
      expect(await store.readPeersHeardFrom()).toEqual(new Map([["az-b", 1]]));
    });
  });
}

describe("LevelDB data directory", () => {
  it("refuses a second opener with a clear error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tributary-lock-"));
    const first = await LevelKeyValueStore.open(join(dir, "db"));
    try {
      await expect(LevelKeyValueStore.open(join(dir, "db"))).rejects.toBeInstanceOf(DataDirectoryInUseError);
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
