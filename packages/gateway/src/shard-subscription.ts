/**
 * One SubscribeToShard: pushes a shard's records to the client as event
 * frames, from a replica's Subscribe stream (proto/gateway-api.proto).
 *
 * The subscription remembers the position after the last record it passed
 * on. If its node dies, goes silent, loses its leader or drops the shard,
 * it subscribes at the next replica from that position, so the client sees
 * neither a gap nor a duplicate; if no replica serves it for a while, it
 * ends with InternalFailureException and the client subscribes again from
 * its ContinuationSequenceNumber. It is never cut short silently: it ends
 * cleanly only at its lifetime's end (5 minutes), at a closed shard's end
 * (with ChildShards), or when a newer subscription takes its place.
 *
 * The client's pace drives it: a frame is written, and the next batch
 * pulled from the node, only once the client can take it (HTTP/2 flow
 * control), and no faster than 2 MiB/s.
 */
import { randomInt } from "node:crypto";
import type { Failure__Output, ReadOk__Output } from "@tributary/protocol";
import { CallError } from "@tributary/protocol";
import type { ActionContext } from "./actions/context.js";
import type { ShardView } from "./catalog-view.js";
import { childShards } from "./catalog-view.js";
import { isKeyFailure } from "./cluster-client.js";
import { childShardsOutput, recordOutput, recordSequenceNumber } from "./streams.js";
import { KinesisError, resourceInUse, resourceNotFound } from "./errors.js";
import type { FrameSink } from "./event-stream.js";
import { eventFrame, exceptionFrame, initialResponseFrame } from "./event-stream.js";
import * as limits from "./limits.js";
import { consumerNotFoundMessage, kinesisErrorOf, notFoundMessage } from "./node-failures.js";
import type { Position } from "./positions.js";
import { positionSequenceNumber } from "./positions.js";

export interface SubscriptionTarget {
  readonly consumerArn: string;
  readonly consumerName: string;
  readonly streamName: string;
  readonly streamCreatedMs: number;
  readonly shard: ShardView;
  readonly start: Position;
  readonly lifetimeMs: number;
}

/** How a node stream ended: the client is done with us, or we go on at another replica. */
type FollowOutcome = { readonly done: true; readonly error?: KinesisError } | { readonly done: false; readonly failure?: Failure__Output };

const internalFailureEvent = (message: string) => new KinesisError("InternalFailureException", message, 500);

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export class ShardSubscription {
  /** Aborts when the subscription is over: lifetime, takeover, client gone. */
  private readonly stopped = new AbortController();
  /** Why it was stopped from outside, to tell the client (a takeover). */
  private stopReason: KinesisError | undefined;
  private position: Position;
  /** The ContinuationSequenceNumber: the last record passed on, or the position when records were skipped since. */
  private continuation: string;
  private lastEventMs = 0;
  /** When the subscription last moved on, or was at the tip of a replica in touch with its leader. */
  private progressAtMs = Date.now();
  /** When the catalog was last asked whether the consumer and stream still exist. */
  private catalogCheckedMs = Date.now();
  /** The 2 MiB/s token bucket. */
  private tokens = limits.subscriptionBytesPerSecond;
  private tokensAtMs = Date.now();

  constructor(
    private readonly ctx: ActionContext,
    private readonly target: SubscriptionTarget,
  ) {
    this.position = target.start;
    this.continuation = positionSequenceNumber(target.shard, target.start);
  }

  /** Ends the subscription (a newer one takes its place); `reason` is sent to the client if given. */
  stop(reason?: KinesisError): void {
    this.stopReason ??= reason;
    this.stopped.abort();
  }

  async run(sink: FrameSink): Promise<void> {
    const onGone = () => this.stopped.abort();
    sink.gone.addEventListener("abort", onGone, { once: true });
    const lifetime = setTimeout(() => this.stopped.abort(), this.target.lifetimeMs);
    try {
      if (!(await sink.write(initialResponseFrame(sink.format), this.stopped.signal))) return;
      let error: KinesisError | undefined;
      try {
        error = (await this.deliver(sink)) ?? this.stopReason;
      } catch (err) {
        this.ctx.log.error({ err, consumerArn: this.target.consumerArn, shard: this.target.shard.shardId }, "a subscription failed");
        error = internalFailureEvent("The subscription failed; subscribe again from the last ContinuationSequenceNumber.");
      }
      // The last frame does not wait for the client: it is there for it to read, or not.
      if (error && !sink.gone.aborted) await sink.write(exceptionFrame(sink.format, error));
    } finally {
      clearTimeout(lifetime);
      sink.gone.removeEventListener("abort", onGone);
    }
  }

  /** Follows the shard from replica to replica until it is over; returns the exception to end with, if any. */
  private async deliver(sink: FrameSink): Promise<KinesisError | undefined> {
    const { consumerArn, shard } = this.target;
    // Where to start among the replicas: random, so subscriptions spread, and one that fails is not chosen first again.
    const spread = randomInt(1 << 30);
    this.progressAtMs = Date.now();
    /** Replicas that could not open the stream's records (their keyring lacks its key): another may. */
    const withoutKey = new Set<string>();
    for (let attempt = 0; !this.stopped.signal.aborted; attempt++) {
      const nodes = this.ctx.cluster.subscriptionNodes(shard.groupId, spread);
      const node = nodes[attempt % nodes.length];
      if (!node) return internalFailureEvent("no node of the cluster is known");
      const from = this.position;
      const outcome = await this.follow(node.address, (signal) => node.subscribe({ groupId: shard.groupId, fromIndex: from.index, fromOffset: from.offset, maxBytes: limits.subscriptionBatchBytesMax }, signal), sink);
      if (outcome.done) return outcome.error;
      if (outcome.failure && isKeyFailure(outcome.failure)) {
        withoutKey.add(node.address);
        if (nodes.every((n) => withoutKey.has(n.address))) return this.keyError(outcome.failure);
      }
      if (this.stopped.signal.aborted) return undefined;
      const gone = await this.goneFromCatalog();
      if (gone) return gone;
      if (Date.now() - this.progressAtMs > limits.subscriptionRecoveryMs) {
        return internalFailureEvent(`No replica of shard ${shard.shardId} served the subscription for ${limits.subscriptionRecoveryMs} ms; subscribe again from the last ContinuationSequenceNumber.`);
      }
      this.ctx.log.debug({ consumerArn, shard: shard.shardId, node: node.address, failure: outcome.failure?.code }, "subscription continues at another replica");
      await abortableSleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)), this.stopped.signal);
    }
    return undefined;
  }

  /** A key of the stream's encryption cannot be used: AWS's KMS exception, to end with. */
  private async keyError(failure: Failure__Output): Promise<KinesisError> {
    const catalog = await this.ctx.cluster.catalog().catch(() => undefined);
    const stream = catalog?.streams.get(this.target.streamName);
    return kinesisErrorOf(failure, { accountId: catalog?.accountId ?? "", stream: this.target.streamName, keyId: stream?.keyId ?? "" });
  }

  /** The stream or the consumer is gone (deleted, deregistered): the error to end with. */
  private async goneFromCatalog(): Promise<KinesisError | undefined> {
    const { streamName, streamCreatedMs, consumerArn, consumerName } = this.target;
    let catalog;
    try {
      catalog = await this.ctx.cluster.catalog();
    } catch {
      return undefined; // the catalog is unavailable for now: keep trying replicas
    }
    const stream = catalog.streams.get(streamName);
    if (!stream || stream.createdMs !== streamCreatedMs || stream.status === "DELETING") return resourceNotFound(notFoundMessage(catalog.accountId, streamName));
    if (!stream.consumers.some((c) => c.arn === consumerArn && c.status === "CONSUMER_ACTIVE")) return resourceNotFound(consumerNotFoundMessage(catalog.accountId, streamName, consumerName));
    return undefined;
  }

  /** Reads one node's stream, passing its batches on, until it ends or breaks. */
  private async follow(address: string, open: (signal: AbortSignal) => AsyncIterable<{ batch?: ReadOk__Output | null; failure?: Failure__Output | null }>, sink: FrameSink): Promise<FollowOutcome> {
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.stopped.signal.addEventListener("abort", onStop, { once: true });
    const it = open(abort.signal)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.nextWithin(it, abort);
        if (this.stopped.signal.aborted) return { done: true };
        if (next === undefined || next.done) return { done: false };
        const res = next.value;
        if (res.failure || !res.batch) return { done: false, ...(res.failure ? { failure: res.failure } : {}) };
        const passed = await this.pass(res.batch, sink);
        if (passed !== "more") return { done: true, ...(passed instanceof KinesisError ? { error: passed } : {}) };
      }
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      this.ctx.log.debug({ node: address, err: err.message }, "a subscription's node stream broke");
      return { done: false };
    } finally {
      this.stopped.signal.removeEventListener("abort", onStop);
      abort.abort();
      it.return?.(undefined).catch(() => undefined);
    }
  }

  /** The node stream's next item, or undefined if it stays silent too long (it is then aborted). */
  private async nextWithin<T>(it: AsyncIterator<T>, abort: AbortController): Promise<IteratorResult<T> | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve(undefined);
      }, limits.subscriptionSilenceMs);
    });
    let onAbort = () => undefined as void;
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => resolve(undefined);
      abort.signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([it.next(), silence, aborted]);
    } finally {
      clearTimeout(timer);
      abort.signal.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Passes a batch on as an event (an empty one only every few seconds),
   * then waits out the rate limit. "more": go on; "gone": the client left or
   * the shard's end was sent; a KinesisError: end with it.
   */
  private async pass(batch: ReadOk__Output, sink: FrameSink): Promise<"more" | "gone" | KinesisError> {
    const { shard } = this.target;
    let bytes = 0;
    const records = batch.records.map((r) => {
      bytes += r.data.byteLength + Buffer.byteLength(r.partitionKey, "utf8");
      return recordOutput(shard, r);
    });
    const moved = batch.nextIndex !== this.position.index || batch.nextOffset !== this.position.offset;
    this.position = { index: Number(batch.nextIndex), offset: batch.nextOffset };
    const caughtUp = batch.nextIndex > batch.appliedIndex;
    if (moved || caughtUp) this.progressAtMs = Date.now();
    const last = batch.records[batch.records.length - 1];
    if (last) this.continuation = recordSequenceNumber(shard, last.index, last.offset, last.arrivalMs);
    else if (moved) this.continuation = positionSequenceNumber(shard, this.position);
    if (batch.endOfShard) {
      const children = await this.children();
      await sink.write(eventFrame(sink.format, "SubscribeToShardEvent", "SubscribeToShardEvent", { Records: records, MillisBehindLatest: 0, ChildShards: children }));
      return "gone";
    }
    const now = Date.now();
    if (now - this.catalogCheckedMs >= limits.subscriptionIdleEventMs) {
      // A deregistered consumer or a deleted stream ends the subscription, records or not.
      this.catalogCheckedMs = now;
      const gone = await this.goneFromCatalog();
      if (gone) return gone;
    }
    if (records.length === 0 && now - this.lastEventMs < limits.subscriptionIdleEventMs) return "more";
    const millisBehind = caughtUp || !last ? 0 : Math.max(0, Number(batch.lastArrivalMs) - Number(last.arrivalMs));
    this.lastEventMs = now;
    const event = { Records: records, ContinuationSequenceNumber: this.continuation, MillisBehindLatest: millisBehind };
    if (!(await sink.write(eventFrame(sink.format, "SubscribeToShardEvent", "SubscribeToShardEvent", event), this.stopped.signal))) return "gone";
    await this.pace(bytes);
    return this.stopped.signal.aborted ? "gone" : "more";
  }

  /** Keeps to 2 MiB/s: spends the batch's bytes, and waits while the bucket is in debt. */
  private async pace(bytes: number): Promise<void> {
    const rate = limits.subscriptionBytesPerSecond;
    const now = Date.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAtMs) / 1000) * rate) - bytes;
    this.tokensAtMs = now;
    if (this.tokens < 0) await abortableSleep((-this.tokens / rate) * 1000, this.stopped.signal);
  }

  /** A closed shard's children, as the event that ends it names them. */
  private async children() {
    const { streamName, shard } = this.target;
    let stream = (await this.ctx.cluster.catalog()).streams.get(streamName);
    if (!stream || childShards(stream, shard.shardId).length === 0) stream = (await this.ctx.cluster.freshCatalog()).streams.get(streamName);
    return stream ? childShardsOutput(stream, shard.shardId) : [];
  }
}

/** What a takeover tells the subscription it replaces. */
export const takenOver = (consumerArn: string) => resourceInUse(`Another subscription of consumer ${consumerArn} to this shard took this one's place.`);
