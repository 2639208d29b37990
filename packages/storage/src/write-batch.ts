import type { BatchOp } from "./key-value.js";

/**
 * Everything one iteration of a node's loop must make durable, for all its
 * groups: written as one atomic, synced batch (group commit).
 */
export class WriteBatch {
  readonly ops: BatchOp[] = [];
  /** Set when the batch must be fsynced before anything it covers is acknowledged. */
  mustSync = false;

  put(key: Uint8Array, value: Uint8Array): void {
    this.ops.push({ type: "put", key, value });
  }

  del(key: Uint8Array): void {
    this.ops.push({ type: "del", key });
  }

  get size(): number {
    return this.ops.length;
  }
}
