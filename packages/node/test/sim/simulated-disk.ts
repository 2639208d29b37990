/**
 * A simulated disk: what a node wrote is readable at once, but only what an
 * fsync covered survives a crash. A crash rolls the disk back to its last
 * synced image; whatever the crashed process still tries to do with its old
 * handle fails, as it would for a process that no longer exists.
 */
import type { BatchOp, KeyValueStore, RangeOptions } from "@tributary/storage";
import { MemoryKeyValueStore, StoreClosedError } from "@tributary/storage";

type Pending = { readonly ops: readonly BatchOp[] } | { readonly clear: readonly [Uint8Array, Uint8Array] };

export class SimulatedDisk {
  /** What survives a crash. */
  private synced = new MemoryKeyValueStore();
  /** What the running process sees (synced plus everything written since). */
  private current = new MemoryKeyValueStore();
  /** Writes since the last fsync, in order. */
  private pending: Pending[] = [];
  private generation = 0;
  syncs = 0;

  /** The store one boot of the node uses; it stops working when that boot crashes. */
  boot(): KeyValueStore {
    const generation = this.generation;
    const alive = () => {
      if (this.generation !== generation) throw new StoreClosedError();
    };
    return {
      get: async (key) => {
        alive();
        return this.current.get(key);
      },
      write: async (ops, sync) => {
        alive();
        this.current.apply(ops);
        this.pending.push({ ops: [...ops] });
        if (sync) this.sync();
      },
      range: (options: RangeOptions) => {
        alive();
        const rows = this.current.rangeNow(options);
        return (async function* () {
          yield* rows;
        })();
      },
      clear: async (gte, lt) => {
        alive();
        this.current.clearNow(gte, lt);
        this.pending.push({ clear: [gte, lt] });
      },
      close: async () => undefined,
    };
  }

  private sync(): void {
    for (const p of this.pending) {
      if ("ops" in p) this.synced.apply(p.ops);
      else this.synced.clearNow(p.clear[0], p.clear[1]);
    }
    this.pending = [];
    this.syncs++;
  }

  /** Power is lost: everything since the last fsync is gone. */
  crash(): void {
    this.generation++;
    this.current = this.synced.clone();
    this.pending = [];
  }

  /** The disk is replaced by an empty one. */
  wipe(): void {
    this.generation++;
    this.synced = new MemoryKeyValueStore();
    this.current = new MemoryKeyValueStore();
    this.pending = [];
  }
}
