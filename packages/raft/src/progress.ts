/**
 * What a leader knows about each follower's log, and the flow control of the
 * Append messages it sends to it.
 */
import { assert } from "./errors.js";
import type { LogIndex } from "./types.js";
import { logIndex } from "./types.js";

export enum ProgressState {
  /** The leader does not know where the follower's log matches: one Append at a time, then wait. */
  Probe = "probe",
  /** The follower is keeping up: Appends are pipelined up to the inflight limits. */
  Replicate = "replicate",
  /** The follower needs entries the leader has compacted away: a snapshot is on its way. */
  Snapshot = "snapshot",
}

/**
 * A bounded window of Append messages sent but not yet acknowledged,
 * each remembered by its last index and payload size.
 */
export class Inflights {
  private readonly lastIndexes: number[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;

  constructor(
    readonly messagesMax: number,
    readonly bytesMax: number,
  ) {
    assert(messagesMax > 0, "inflight message limit must be positive");
  }

  add(lastIndex: LogIndex, size: number): void {
    assert(!this.full(), "inflights: add to a full window");
    const prev = this.lastIndexes[this.lastIndexes.length - 1];
    assert(prev === undefined || lastIndex > prev, () => `inflights: index ${lastIndex} after ${prev}`);
    this.lastIndexes.push(lastIndex);
    this.sizes.push(size);
    this.bytes += size;
  }

  /** Forgets every message whose last index is at or below `index`. */
  freeLE(index: LogIndex): void {
    let n = 0;
    while (n < this.lastIndexes.length && (this.lastIndexes[n] as number) <= index) {
      this.bytes -= this.sizes[n] as number;
      n++;
    }
    if (n > 0) {
      this.lastIndexes.splice(0, n);
      this.sizes.splice(0, n);
    }
  }

  freeFirstOne(): void {
    const first = this.lastIndexes[0];
    if (first !== undefined) this.freeLE(logIndex(first));
  }

  full(): boolean {
    return this.lastIndexes.length >= this.messagesMax || (this.bytesMax > 0 && this.bytes >= this.bytesMax);
  }

  count(): number {
    return this.lastIndexes.length;
  }

  reset(): void {
    this.lastIndexes.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }
}

export class Progress {
  /** Highest index known to be replicated on the follower. */
  match: LogIndex;
  /** Index of the next entry to send. */
  next: LogIndex;
  state: ProgressState = ProgressState.Probe;
  /** In Snapshot state: the index of the snapshot being sent. */
  pendingSnapshot: LogIndex = logIndex(0);
  /** Ticks spent in Snapshot state; a snapshot that never completes falls back to probing. */
  snapshotTicks = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = false;
  /** In Probe state: an Append was sent and no answer has come yet. */
  probeSent = false;
  readonly inflights: Inflights;

  constructor(next: LogIndex, inflightMessagesMax: number, inflightBytesMax: number) {
    this.match = logIndex(0);
    this.next = next;
    this.inflights = new Inflights(inflightMessagesMax, inflightBytesMax);
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.pendingSnapshot = logIndex(0);
    this.snapshotTicks = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot, probing starts right after it (it may have been applied).
    if (this.state === ProgressState.Snapshot) {
      const pending = this.pendingSnapshot;
      this.resetState(ProgressState.Probe);
      this.next = logIndex(Math.max(this.match + 1, pending + 1));
    } else {
      this.resetState(ProgressState.Probe);
      this.next = logIndex(this.match + 1);
    }
  }

  becomeReplicate(): void {
    this.resetState(ProgressState.Replicate);
    this.next = logIndex(this.match + 1);
  }

  becomeSnapshot(snapshotIndex: LogIndex): void {
    this.resetState(ProgressState.Snapshot);
    this.pendingSnapshot = snapshotIndex;
  }

  /** Records that the follower holds everything up to `n`. Returns false for stale news. */
  maybeUpdate(n: LogIndex): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = logIndex(Math.max(this.next, n + 1));
    return updated;
  }

  /** Called when an Append ending at `lastSent` is sent in Replicate state. */
  optimisticUpdate(lastSent: LogIndex): void {
    this.next = logIndex(lastSent + 1);
  }

  /**
   * Handles a rejected Append that was sent with previous index `rejected`.
   * `matchHint` is the follower's guess of the last index that may match.
   * Returns false when the rejection is stale.
   */
  maybeDecreaseTo(rejected: LogIndex, matchHint: LogIndex): boolean {
    if (this.state === ProgressState.Replicate) {
      // In Replicate state `next - 1` was not necessarily the probe; only a
      // rejection above the match can be news.
      if (rejected <= this.match) return false;
      this.next = logIndex(this.match + 1);
      return true;
    }
    // In Probe state only the rejection of the last probe (`next - 1`) counts.
    if (this.next - 1 !== rejected) return false;
    this.next = logIndex(Math.max(Math.min(rejected, matchHint + 1), this.match + 1, 1));
    this.probeSent = false;
    return true;
  }

  /** True when the leader should not send this follower another Append now. */
  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.probeSent;
      case ProgressState.Replicate:
        return this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }
}
