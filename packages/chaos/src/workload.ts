/**
 * Producers that write uniquely identified records through the gateway with
 * the AWS SDK (its default transport, HTTP/2) and log every acknowledgement.
 *
 * A record's data starts with its id (`<run>-p<producer>-<n>`), padded to the
 * record size. A record whose call failed, or which PutRecords reported as
 * failed, is sent again with the same id (as producers do), so a record can be
 * stored twice; the log says which records were sent more than once, and the
 * SDK's own retries (`$metadata.attempts`) count as sends too.
 *
 * The acknowledgement log is JSON lines: one `{"type":"run",runId,stream}`,
 * then `{"type":"ack",id,shard,seq,sentAt,ackAt,retried}` for every
 * acknowledged record and `{"type":"retry",id}` for every record sent again.
 */
import { PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { WriteStream } from "node:fs";
import { sleep } from "@tributary/testkit";

export interface Ack {
  id: string;
  shard: string;
  seq: string;
  /** When the record was first sent, and when its acknowledgement arrived (ms since the epoch). */
  sentAt: number;
  ackAt: number;
  /** Sent more than once: by this producer after a failure, or by the SDK's retry. */
  retried: boolean;
}

export interface WorkloadOptions {
  producers: number;
  /** Distinguishes this run's records from any others in the stream. */
  runId: string;
  recordBytes: number;
  /** PutRecords batches hold 1..maxBatch records; one call in four is a PutRecord. */
  maxBatch: number;
  /** Gives up on a record after this many sends. */
  maxSends?: number;
  /** Partition keys drawn from this many (so each key has many records, in order); default: a key per record. */
  keys?: number;
  /** Each acknowledgement is also written here as a JSON line. */
  ackLog?: WriteStream;
  /**
   * Each producer starts a call at most this often (ms), the producers' first
   * calls spread over one such interval; default: the next as soon as the
   * last is answered. A paced load leaves CPU free, so that
   * what a fault costs producers is not hidden in queueing on a saturated
   * machine.
   */
  paceMs?: number;
}

interface Outgoing {
  id: string;
  partitionKey: string;
  sentAt: number;
  sends: number;
}

export interface WorkloadCounts {
  calls: number;
  /** Calls that threw (outcome unknown to the producer). */
  callErrors: number;
  /** Records PutRecords answered with an ErrorCode. */
  recordErrors: number;
  /** Records never acknowledged when the producers stopped. */
  unacknowledged: number;
}

export class Workload {
  readonly acks: Ack[] = [];
  /** Ids sent more than once (so that storing them twice is explained). */
  readonly retried = new Set<string>();
  /** Distinct records sent. */
  sentRecords = 0;
  readonly counts: WorkloadCounts = { calls: 0, callErrors: 0, recordErrors: 0, unacknowledged: 0 };
  /** Error names seen, with how often. */
  readonly errors = new Map<string, number>();
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly stream: string,
    private readonly options: WorkloadOptions,
  ) {
    options.ackLog?.write(`${JSON.stringify({ type: "run", runId: options.runId, stream })}\n`);
  }

  start(): void {
    this.loops = Array.from({ length: this.options.producers }, (_, p) => this.produce(p));
  }

  /** Stops sending and waits for the calls in flight to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  get acknowledged(): number {
    return this.acks.length;
  }

  private note(error: unknown): void {
    const name = (error as { name?: string }).name ?? "Error";
    this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
  }

  private record(ack: Ack): void {
    this.acks.push(ack);
    this.options.ackLog?.write(`${JSON.stringify({ type: "ack", ...ack })}\n`);
  }

  private markRetried(id: string): void {
    if (this.retried.has(id)) return;
    this.retried.add(id);
    this.options.ackLog?.write(`${JSON.stringify({ type: "retry", id })}\n`);
  }

  private async produce(producer: number): Promise<void> {
    const { runId, recordBytes, maxBatch } = this.options;
    const maxSends = this.options.maxSends ?? 50;
    const retry: Outgoing[] = [];
    let n = 0;
    let call = 0;
    const data = (id: string) => {
      const head = Buffer.from(`${id}|`);
      return Buffer.concat([head, Buffer.alloc(Math.max(0, recordBytes - head.length), 0x2e)]);
    };
    let callStartedAt = 0;
    // Paced producers start spread over one pace, as independent producers would, not all at once.
    const pace = this.options.paceMs ?? 0;
    if (pace > 0) await sleep((producer * pace) / this.options.producers);
    while (!this.stopping) {
      if (pace > 0) await sleep(Math.max(0, callStartedAt + pace - Date.now()));
      if (this.stopping) break;
      callStartedAt = Date.now();
      call++;
      const single = call % 4 === 0;
      const size = single ? 1 : 1 + ((call * 7919 + producer * 104_729) % maxBatch);
      const batch: Outgoing[] = retry.splice(0, size);
      while (batch.length < size) {
        const id = `${runId}-p${producer}-${n++}`;
        const partitionKey = this.options.keys ? `key-${(n * 2_654_435_761 + producer) % this.options.keys}` : `${id}#${(n * 2_654_435_761) % 1_000_003}`;
        batch.push({ id, partitionKey, sentAt: 0, sends: 0 });
      }
      const now = Date.now();
      for (const r of batch) {
        if (r.sends === 0) {
          r.sentAt = now;
          this.sentRecords++;
        }
        r.sends++;
        if (r.sends > 1) this.markRetried(r.id);
      }
      this.counts.calls++;
      const again = (r: Outgoing) => {
        if (r.sends < maxSends) retry.push(r);
      };
      try {
        if (single) {
          const r = batch[0] as Outgoing;
          const res = await this.kinesis.send(new PutRecordCommand({ StreamName: this.stream, PartitionKey: r.partitionKey, Data: data(r.id) }));
          const retried = r.sends > 1 || (res.$metadata.attempts ?? 1) > 1;
          if (retried) this.markRetried(r.id);
          this.record({ id: r.id, shard: res.ShardId as string, seq: res.SequenceNumber as string, sentAt: r.sentAt, ackAt: Date.now(), retried });
        } else {
          const res = await this.kinesis.send(new PutRecordsCommand({ StreamName: this.stream, Records: batch.map((r) => ({ PartitionKey: r.partitionKey, Data: data(r.id) })) }));
          const sdkRetried = (res.$metadata.attempts ?? 1) > 1;
          const ackAt = Date.now();
          batch.forEach((r, i) => {
            const result = res.Records?.[i];
            const retried = r.sends > 1 || sdkRetried;
            if (retried) this.markRetried(r.id);
            if (result?.SequenceNumber) {
              this.record({ id: r.id, shard: result.ShardId as string, seq: result.SequenceNumber, sentAt: r.sentAt, ackAt, retried });
            } else {
              this.counts.recordErrors++;
              this.note({ name: result?.ErrorCode ?? "MissingResult" });
              again(r);
            }
          });
        }
      } catch (err) {
        // The outcome is unknown: the record may or may not be stored.
        this.counts.callErrors++;
        this.note(err);
        const sdkRetried = ((err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1;
        for (const r of batch) {
          if (sdkRetried) this.markRetried(r.id);
          again(r);
        }
        await sleep(100 + (call % 5) * 40);
      }
    }
    this.counts.unacknowledged += retry.length;
  }
}
