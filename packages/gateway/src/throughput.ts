/**
 * Per-shard throughput limits, as Kinesis enforces them on provisioned
 * shards: writes up to 1 MiB/s and 1,000 records/s, reads up to 2 MiB/s
 * and 5 GetRecords calls/s. Each is a token bucket holding one second of
 * its rate (a burst of up to a second's worth passes at once). Bytes may run
 * into debt: a record (up to 10 MiB) or a GetRecords answer larger than
 * what the bucket holds passes while the bucket is not empty, and the
 * shard's next writes (or reads) wait until the debt is repaid, as large
 * records and answers hold a Kinesis shard back for the following seconds.
 *
 * Limits are enforced by each gateway for the calls it serves: exact with
 * one gateway, and up to N times the rate across N gateways.
 */
import * as limits from "./limits.js";

export interface ThroughputRates {
  readonly writeBytesPerSecond: number;
  readonly writeRecordsPerSecond: number;
  readonly readBytesPerSecond: number;
  readonly readCallsPerSecond: number;
}

class Bucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = ratePerSecond;
    this.at = now;
  }

  /** Tokens now (refilled since the last look, up to one second's worth). */
  level(now: number): number {
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.at) / 1000) * this.ratePerSecond);
    this.at = now;
    return this.tokens;
  }

  take(n: number): void {
    this.tokens -= n;
  }
}

interface ShardBuckets {
  readonly writeBytes: Bucket;
  readonly writeRecords: Bucket;
  readonly readBytes: Bucket;
  readonly readCalls: Bucket;
  lastUsed: number;
}

export class ShardThroughput {
  private readonly shards = new Map<number, ShardBuckets>();

  /** `rates` undefined: no limits (a flag turns them off, for benchmarks). */
  constructor(
    private readonly rates: ThroughputRates | undefined,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get enabled(): boolean {
    return this.rates !== undefined;
  }

  /** Takes one record of `bytes` from the shard's write buckets (the bytes possibly into debt); false, nothing taken, when the records bucket is empty or the bytes bucket in debt. */
  takeWrite(groupId: number, bytes: number): boolean {
    const b = this.buckets(groupId);
    if (!b) return true;
    const now = this.now();
    if (b.writeRecords.level(now) < 1 || b.writeBytes.level(now) <= 0) return false;
    b.writeRecords.take(1);
    b.writeBytes.take(bytes);
    return true;
  }

  /** Takes one GetRecords call; false when the shard has had its calls this second, or its read bytes are in debt. */
  takeRead(groupId: number): boolean {
    const b = this.buckets(groupId);
    if (!b) return true;
    const now = this.now();
    if (b.readCalls.level(now) < 1 || b.readBytes.level(now) <= 0) return false;
    b.readCalls.take(1);
    return true;
  }

  /** Charges the bytes a GetRecords answer returned (possibly into debt). */
  chargeRead(groupId: number, bytes: number): void {
    const b = this.buckets(groupId);
    if (!b) return;
    b.readBytes.level(this.now());
    b.readBytes.take(bytes);
  }

  private buckets(groupId: number): ShardBuckets | undefined {
    if (!this.rates) return undefined;
    const now = this.now();
    let b = this.shards.get(groupId);
    if (!b) {
      if (this.shards.size >= limits.throughputShardsTrackedMax) this.forgetIdle(now);
      const r = this.rates;
      b = { writeBytes: new Bucket(r.writeBytesPerSecond, now), writeRecords: new Bucket(r.writeRecordsPerSecond, now), readBytes: new Bucket(r.readBytesPerSecond, now), readCalls: new Bucket(r.readCallsPerSecond, now), lastUsed: now };
      this.shards.set(groupId, b);
    }
    b.lastUsed = now;
    return b;
  }

  /** Drops shards idle long enough for every bucket to be full again (forgetting them changes nothing); the oldest half if none is. */
  private forgetIdle(now: number): void {
    const debtFreeMs = Math.ceil(limits.getRecordsBytesMax / (this.rates?.readBytesPerSecond ?? 1)) * 1000 + 1000;
    for (const [id, b] of this.shards) if (now - b.lastUsed > debtFreeMs) this.shards.delete(id);
    if (this.shards.size < limits.throughputShardsTrackedMax) return;
    const byAge = [...this.shards].sort((x, y) => x[1].lastUsed - y[1].lastUsed);
    for (const [id] of byAge.slice(0, Math.ceil(byAge.length / 2))) this.shards.delete(id);
  }
}
