/**
 * The byte-level store under DurableStore: LevelDB on disk, or a sorted map
 * in memory. Both give atomic batches and ordered range scans, which is all
 * the contract suite relies on.
 */
import { Level } from "level";
import { DataDirectoryInUseError, StoreClosedError } from "./errors.js";

export type BatchOp = { readonly type: "put"; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly type: "del"; readonly key: Uint8Array };

export interface RangeOptions {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
  readonly limit?: number;
  readonly reverse?: boolean;
}

export interface KeyValueStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Applies all operations atomically; with `sync`, returns only once they are on disk (fsync). */
  write(ops: readonly BatchOp[], sync: boolean): Promise<void>;
  range(options: RangeOptions): AsyncIterable<[Uint8Array, Uint8Array]>;
  /** Deletes a key range; not atomic with batches (used for retention only). */
  clear(gte: Uint8Array, lt: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export class LevelKeyValueStore implements KeyValueStore {
  private constructor(private readonly db: Level<Uint8Array, Uint8Array>) {}

  /** Opens (creating if needed) the database at `path`. A second opener gets DataDirectoryInUseError. */
  static async open(path: string): Promise<LevelKeyValueStore> {
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: "view", valueEncoding: "view" });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause;
      const text = `${(err as Error).message} ${cause?.message ?? ""}`;
      if (/lock/i.test(text)) throw new DataDirectoryInUseError(path, err);
      throw err;
    }
    return new LevelKeyValueStore(db);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return (await this.db.get(key)) ?? undefined;
  }

  async write(ops: readonly BatchOp[], sync: boolean): Promise<void> {
    if (ops.length === 0) return;
    await this.db.batch(ops as BatchOp[], { sync });
  }

  async *range(options: RangeOptions): AsyncIterable<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gte: options.gte, lt: options.lt, limit: options.limit ?? -1, reverse: options.reverse ?? false })) {
      yield [k, v];
    }
  }

  async clear(gte: Uint8Array, lt: Uint8Array): Promise<void> {
    await this.db.clear({ gte, lt });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** An in-memory store with the same semantics (keys compare as bytes, like LevelDB's default). */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly map = new Map<string, Uint8Array>();
  private closed = false;
  /** Number of batches written with sync: what would be fsyncs on disk. */
  syncWrites = 0;

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.check();
    return this.map.get(hex(key));
  }

  async write(ops: readonly BatchOp[], sync: boolean): Promise<void> {
    this.check();
    if (sync) this.syncWrites++;
    for (const op of ops) {
      if (op.type === "put") this.map.set(hex(op.key), op.value.slice());
      else this.map.delete(hex(op.key));
    }
  }

  async *range(options: RangeOptions): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.check();
    const lo = hex(options.gte);
    const hi = hex(options.lt);
    // Hex of equal-length prefixes sorts like the bytes themselves.
    const keys = [...this.map.keys()].filter((k) => k >= lo && k < hi).sort();
    if (options.reverse) keys.reverse();
    const limit = options.limit ?? -1;
    let n = 0;
    for (const k of keys) {
      if (limit >= 0 && n++ >= limit) return;
      const v = this.map.get(k);
      if (v) yield [Uint8Array.from(Buffer.from(k, "hex")), v];
    }
  }

  async clear(gte: Uint8Array, lt: Uint8Array): Promise<void> {
    for await (const [k] of this.range({ gte, lt })) this.map.delete(hex(k));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new StoreClosedError();
  }
}
