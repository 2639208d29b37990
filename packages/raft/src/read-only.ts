/**
 * Pending ReadIndex requests at a leader (Raft thesis §6.4): each waits until
 * a quorum has acknowledged a heartbeat sent after it arrived, proving the
 * leader was still the leader when it recorded the commit index.
 */
import type { LogIndex, Message, NodeId } from "./types.js";

export interface ReadIndexStatus {
  readonly request: Message;
  readonly index: LogIndex;
  readonly acks: Set<NodeId>;
}

export function contextKey(context: Uint8Array): string {
  let s = "";
  for (const b of context) s += b.toString(16).padStart(2, "0");
  return s;
}

export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexStatus>();
  private readonly queue: string[] = [];

  size(): number {
    return this.queue.length;
  }

  /** Records a request that may be answered with `index` once a quorum acknowledges. */
  addRequest(index: LogIndex, request: Message): void {
    const key = contextKey(request.context);
    if (this.pending.has(key)) return;
    this.pending.set(key, { request, index, acks: new Set() });
    this.queue.push(key);
  }

  /** Notes a heartbeat acknowledgement; returns who has acknowledged the request so far. */
  receiveAck(id: NodeId, context: Uint8Array): ReadonlySet<NodeId> | undefined {
    const status = this.pending.get(contextKey(context));
    if (!status) return undefined;
    status.acks.add(id);
    return status.acks;
  }

  /**
   * Removes and returns every request up to and including the one with this
   * context: a quorum acknowledging a later heartbeat also confirms earlier ones.
   */
  advance(context: Uint8Array): ReadIndexStatus[] {
    const key = contextKey(context);
    const at = this.queue.indexOf(key);
    if (at < 0) return [];
    const keys = this.queue.splice(0, at + 1);
    const released: ReadIndexStatus[] = [];
    for (const k of keys) {
      const status = this.pending.get(k);
      if (status) released.push(status);
      this.pending.delete(k);
    }
    return released;
  }

  lastPendingContext(): Uint8Array | undefined {
    const key = this.queue[this.queue.length - 1];
    return key === undefined ? undefined : this.pending.get(key)?.request.context;
  }
}
