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

/**
 * An in-memory store with the same semantics: keys compare as bytes, like
 * LevelDB's default (hex of the bytes sorts the same way, as long as one key
 * is not a prefix of another with a smaller next byte — true of fixed-width
 * keys). Keys are kept sorted, so a range scan is a binary search and a walk.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly values = new Map<string, Uint8Array>();
  /** Every key, in hex, sorted. */
  private keys: string[] = [];
  private closed = false;
  /** Number of batches written with sync: what would be fsyncs on disk. */
  syncWrites = 0;

  /** A copy of everything stored now (a disk image, for the simulator). */
  clone(): MemoryKeyValueStore {
    const copy = new MemoryKeyValueStore();
    for (const [k, v] of this.values) copy.values.set(k, v);
    copy.keys = [...this.keys];
    return copy;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.check();
    return this.values.get(hex(key));
  }

  async write(ops: readonly BatchOp[], sync: boolean): Promise<void> {
    this.check();
    if (sync) this.syncWrites++;
    this.apply(ops);
  }

  /** Applies operations at once, synchronously. */
  apply(ops: readonly BatchOp[]): void {
    for (const op of ops) {
      const k = hex(op.key);
      if (op.type === "put") {
        if (!this.values.has(k)) this.keys.splice(this.lowerBound(k), 0, k);
        this.values.set(k, op.value.slice());
      } else if (this.values.delete(k)) {
        this.keys.splice(this.lowerBound(k), 1);
      }
    }
  }

  /** The position of the first key >= k. */
  private lowerBound(k: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async *range(options: RangeOptions): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.check();
    for (const [k, v] of this.rangeNow(options)) yield [k, v];
  }

  /** The keys and values of a range as they are now (a snapshot: later writes do not show). */
  rangeNow(options: RangeOptions): [Uint8Array, Uint8Array][] {
    const lo = this.lowerBound(hex(options.gte));
    const hi = this.lowerBound(hex(options.lt));
    const limit = options.limit ?? -1;
    const out: [Uint8Array, Uint8Array][] = [];
    const count = hi - lo;
    for (let n = 0; n < count && (limit < 0 || n < limit); n++) {
      const k = this.keys[options.reverse ? hi - 1 - n : lo + n] as string;
      out.push([Uint8Array.from(Buffer.from(k, "hex")), this.values.get(k) as Uint8Array]);
    }
    return out;
  }

  async clear(gte: Uint8Array, lt: Uint8Array): Promise<void> {
    this.check();
    this.clearNow(gte, lt);
  }

  clearNow(gte: Uint8Array, lt: Uint8Array): void {
    const lo = this.lowerBound(hex(gte));
    const hi = this.lowerBound(hex(lt));
    for (const k of this.keys.splice(lo, hi - lo)) this.values.delete(k);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new StoreClosedError();
  }
}
