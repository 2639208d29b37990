/** Entries are encoded once: the bytes a leader stores are the bytes it sends and the bytes its followers store. */
import { describe, expect, it } from "vitest";
import { EntryType, logIndex, term } from "@tributary/raft";
import type { Entry } from "@tributary/raft";
import { CorruptEntryError, decodeEntry, encodeEntry, entryOverStoredBytes, GroupLog, WriteBatch } from "../src/index.js";

const proposed = (index: number, text: string): Entry => ({ term: term(3), index: logIndex(index), type: EntryType.Normal, data: new TextEncoder().encode(text) });

describe("stored entry bytes", () => {
  it("are made once per entry and handed out again, not re-encoded", () => {
    const e = proposed(7, "seven");
    const bytes = encodeEntry(e);
    expect(encodeEntry(e)).toBe(bytes);
  });

  it("survive a decode unchanged: the receiver keeps the very bytes it checked", () => {
    const sent = encodeEntry(proposed(8, "eight"));
    const arrived = new Uint8Array(sent); // a copy, as a frame off the wire is
    const e = decodeEntry(1, undefined, arrived);
    expect(new TextDecoder().decode(e.data)).toBe("eight");
    expect(encodeEntry(e)).toBe(arrived);
    expect(e.data.buffer).toBe(arrived.buffer); // the data is a view into them: one copy in memory
  });

  it("never let a flipped bit through as another entry: it is refused, or it changed nothing the entry means", () => {
    const sent = encodeEntry(proposed(9, "nine"));
    let refusals = 0;
    for (let at = 0; at < sent.byteLength; at++) {
      const bad = new Uint8Array(sent);
      bad[at] = (bad[at] as number) ^ 0x10;
      try {
        const e = decodeEntry(1, 9, bad);
        // Only a bit the decoder drops (past the 32 bits of the checksum's varint) may pass, and then the entry is the same.
        expect({ term: e.term, index: e.index, type: e.type, data: new TextDecoder().decode(e.data) }, `flip at byte ${at}`).toEqual({ term: 3, index: 9, type: EntryType.Normal, data: "nine" });
      } catch (err) {
        expect(err).toBeInstanceOf(CorruptEntryError);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThanOrEqual(sent.byteLength - 1);
  });

  it("back the log's cache: a cached entry's data is a view into the bytes its batch stores", () => {
    const log = new GroupLog(1);
    const batch = new WriteBatch();
    const e = proposed(1, "one");
    log.append([e], batch);
    const put = batch.ops.find((op) => op.type === "put");
    expect(put?.value).toBe(encodeEntry(e));
    const [cached] = log.entries(logIndex(1), logIndex(2), Infinity);
    expect(cached?.data.buffer).toBe(put?.value?.buffer);
    expect(encodeEntry(cached as Entry)).toBe(put?.value);
    expect(log.cachedBytes()).toBe(3);
    expect(entryOverStoredBytes(cached as Entry)).toBe(cached);
  });
});
