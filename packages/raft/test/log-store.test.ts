/**
 * The LogStore contract, against the memory store. The LevelDB store of the
 * node runs the same expectations.
 */
import { describe, expect, it } from "vitest";
import { MemoryLogStore } from "../src/log-store.js";
import { CompactedError, SnapshotOutOfDateError, UnavailableError } from "../src/errors.js";
import { logIndex } from "../src/types.js";
import { A, B, C, entriesWithTerms } from "./helpers.js";

const abc = [A, B, C];

function storeWith(terms: number[]): MemoryLogStore {
  const s = MemoryLogStore.withVoters(abc);
  s.append(entriesWithTerms(terms));
  return s;
}

describe("MemoryLogStore", () => {
  it("reports first and last index and terms, including the term before the first entry", () => {
    const s = storeWith([1, 1, 2]);
    expect(s.firstIndex()).toBe(1);
    expect(s.lastIndex()).toBe(3);
    expect(s.term(logIndex(0))).toBe(0);
    expect(s.term(logIndex(3))).toBe(2);
    expect(() => s.term(logIndex(4))).toThrow(UnavailableError);
  });

  it("returns entries in [lo, hi) within a byte budget, but always at least one", () => {
    const s = storeWith([1, 1, 2, 2]);
    expect(s.entries(logIndex(1), logIndex(5), Infinity).map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(s.entries(logIndex(2), logIndex(5), 0).map((e) => e.index)).toEqual([2]);
    expect(() => s.entries(logIndex(1), logIndex(6), Infinity)).toThrow(UnavailableError);
  });

  it("truncates a conflicting tail when entries overlap", () => {
    const s = storeWith([1, 1, 2, 2]);
    s.append(entriesWithTerms([3, 3], 3));
    expect(s.lastIndex()).toBe(4);
    expect(s.term(logIndex(3))).toBe(3);
    s.append(entriesWithTerms([4], 2));
    expect(s.lastIndex()).toBe(2);
  });

  it("compacts up to an index, after which earlier entries are ErrCompacted", () => {
    const s = storeWith([1, 1, 2, 2]);
    s.createSnapshot(logIndex(3), { voters: abc }, new Uint8Array([9]));
    s.compact(logIndex(3));
    expect(s.firstIndex()).toBe(4);
    expect(s.term(logIndex(3))).toBe(2);
    expect(() => s.entries(logIndex(2), logIndex(4), Infinity)).toThrow(CompactedError);
    expect(() => s.compact(logIndex(2))).toThrow(CompactedError);
    expect(s.snapshot().metadata.index).toBe(3);
  });

  it("applies a newer snapshot, replacing the log, and refuses an older one", () => {
    const s = storeWith([1, 1]);
    s.applySnapshot({ metadata: { index: logIndex(10), term: entriesWithTerms([5])[0]!.term, confState: { voters: abc } }, data: new Uint8Array() });
    expect(s.firstIndex()).toBe(11);
    expect(s.lastIndex()).toBe(10);
    expect(s.term(logIndex(10))).toBe(5);
    expect(() => s.applySnapshot({ metadata: { index: logIndex(5), term: entriesWithTerms([5])[0]!.term, confState: { voters: abc } }, data: new Uint8Array() })).toThrow(SnapshotOutOfDateError);
  });

  it("bootstraps a group with its configuration in the log, already committed", () => {
    const s = MemoryLogStore.bootstrap(abc);
    expect(s.lastIndex()).toBe(3);
    expect(s.initialState().hardState.commit).toBe(3);
    expect(s.initialState().confState.voters).toEqual(abc);
  });
});
