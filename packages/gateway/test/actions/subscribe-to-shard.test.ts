/**
 * SubscribeToShard through the SDK's own event-stream client over its
 * default HTTP/2 transport: records pushed as they are put, every starting
 * position, ContinuationSequenceNumber and MillisBehindLatest, the 5-second
 * rule and takeover, the subscription's lifetime, the end of a closed shard
 * (ChildShards) and of a deleted stream, ten consumers on one shard, and the
 * frames themselves in CBOR over HTTP/1.1.
 */
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  PutRecordCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import type { KinesisClient, StartingPosition, SubscribeToShardEvent } from "@aws-sdk/client-kinesis";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { decode as decodeCbor, encode as encodeCbor } from "cbor-x";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, registerActiveConsumer, signedHeaders, startWithMainStream, waitActive } from "../harness.js";

/** Shorter than Kinesis' 5 minutes, so a test sees one end. */
const lifetimeMs = 8_000;

let h: Harness;
let consumer: string;
beforeAll(async () => {
  h = await startWithMainStream({ subscriptionLifetimeMs: lifetimeMs });
  consumer = await registerActiveConsumer(h, "main", "app");
}, 120_000);
afterAll(() => h?.stop());

const shard0 = "shardId-000000000000";
const shard1 = "shardId-000000000001";
const shard2 = "shardId-000000000002";
/** Hash keys inside shards 0, 1 and 2 of three. */
const keyOf: Record<string, string> = { [shard0]: "0", [shard1]: "113427455640312821154458202477256070485", [shard2]: "226854911280625642308916404954512140970" };

function put(stream: string, shardId: string, data: string) {
  return h.kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "p", ExplicitHashKey: keyOf[shardId], Data: Buffer.from(data) }));
}

interface Received {
  events: SubscribeToShardEvent[];
  data: string[];
  /** How the stream ended: "done" (cleanly), or the exception's name. */
  end: string;
}

/** Subscribes and collects events until `until` says so, the stream ends, or `timeoutMs`. */
async function collect(client: KinesisClient, arn: string, shardId: string, start: StartingPosition, until: (r: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const out: Received = { events: [], data: [], end: "stopped" };
  try {
    const res = await client.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: shardId, StartingPosition: start }), { abortSignal: abort.signal });
    for await (const e of res.EventStream ?? []) {
      const ev = e.SubscribeToShardEvent;
      if (ev) {
        out.events.push(ev);
        for (const r of ev.Records ?? []) out.data.push(Buffer.from(r.Data ?? []).toString());
      }
      if (until(out)) return out;
    }
    out.end = "done";
  } catch (err) {
    out.end = abort.signal.aborted ? "timeout" : (err as Error).name;
  } finally {
    clearTimeout(timer);
  }
  return out;
}

specBlocks("SubscribeToShard", () => h);

describe("SubscribeToShard: functionality", () => {
  it("pushes records put after subscribing (LATEST), with ContinuationSequenceNumber the last record's", async () => {
    const putting = (async () => {
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 5; i++) await put("main", shard0, `latest-${i}`);
    })();
    const got = await collect(h.kinesis, consumer, shard0, { Type: "LATEST" }, (r) => r.data.length >= 5);
    await putting;
    expect(got.data).toEqual(["latest-0", "latest-1", "latest-2", "latest-3", "latest-4"]);
    const withRecords = got.events.filter((e) => (e.Records ?? []).length > 0);
    for (const e of withRecords) expect(e.ContinuationSequenceNumber).toBe(e.Records?.[e.Records.length - 1]?.SequenceNumber);
    expect(withRecords[withRecords.length - 1]?.MillisBehindLatest).toBe(0);
  });

  it("reads from TRIM_HORIZON in batches, MillisBehindLatest falling to 0 as it catches up", async () => {
    // Records of 400 KiB put 50 ms apart: a batch holds two at most, so the first events are behind.
    const big = "x".repeat(400 * 1024);
    for (let i = 0; i < 6; i++) {
      await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "p", ExplicitHashKey: keyOf[shard1], Data: Buffer.from(`${i}${big}`) }));
      await new Promise((r) => setTimeout(r, 50));
    }
    const got = await collect(h.kinesis, consumer, shard1, { Type: "TRIM_HORIZON" }, (r) => r.data.length >= 6);
    expect(got.data.map((d) => d[0])).toEqual(["0", "1", "2", "3", "4", "5"]);
    const lags = got.events.filter((e) => (e.Records ?? []).length > 0).map((e) => e.MillisBehindLatest ?? -1);
    expect(lags.length).toBeGreaterThan(1);
    expect(lags[0]).toBeGreaterThan(0);
    expect(lags[lags.length - 1]).toBe(0);
  });

  it("starts at AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP", async () => {
    const seqs: string[] = [];
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      times.push(Date.now());
      seqs.push((await put("main", shard2, `pos-${i}`)).SequenceNumber as string);
      await new Promise((r) => setTimeout(r, 20));
    }
    const at = await collect(h.kinesis, consumer, shard2, { Type: "AT_SEQUENCE_NUMBER", SequenceNumber: seqs[1] }, (r) => r.data.length >= 3);
    expect(at.data).toEqual(["pos-1", "pos-2", "pos-3"]);
    await new Promise((r) => setTimeout(r, 5_000)); // the 5-second rule
    const after = await collect(h.kinesis, consumer, shard2, { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: seqs[1] }, (r) => r.data.length >= 2);
    expect(after.data).toEqual(["pos-2", "pos-3"]);
    await new Promise((r) => setTimeout(r, 5_000));
    const stamp = await collect(h.kinesis, consumer, shard2, { Type: "AT_TIMESTAMP", Timestamp: new Date((times[3] as number) - 1) }, (r) => r.data.length >= 1);
    expect(stamp.data[0]).toBe("pos-3");
  }, 30_000);

  it("gives a ContinuationSequenceNumber to resume from when no record has come, and resuming from it misses and repeats nothing", async () => {
    const second = await registerActiveConsumer(h, "main", "resumer");
    const idle = await collect(h.kinesis, second, shard0, { Type: "LATEST" }, (r) => r.events.length >= 1);
    const first = idle.events[0];
    expect(first?.Records).toEqual([]);
    expect(first?.ContinuationSequenceNumber).toMatch(/^\d{56}$/);
    await put("main", shard0, "after-idle");
    await new Promise((r) => setTimeout(r, 5_000));
    const resumed = await collect(h.kinesis, second, shard0, { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: first?.ContinuationSequenceNumber }, (r) => r.data.length >= 1);
    expect(resumed.data).toEqual(["after-idle"]);
  }, 30_000);

  it("refuses a second subscription within 5 seconds, and lets one after that take over (the first ends with ResourceInUseException)", async () => {
    const third = await registerActiveConsumer(h, "main", "taker");
    const firstEnded = collect(h.kinesis, third, shard1, { Type: "LATEST" }, () => false, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: third, ShardId: shard1, StartingPosition: { Type: "LATEST" } })), "ResourceInUseException", /Another active subscription exists for this consumer/);
    await new Promise((r) => setTimeout(r, 5_000));
    const taking = collect(h.kinesis, third, shard1, { Type: "LATEST" }, (r) => r.events.length >= 1);
    expect((await firstEnded).end).toBe("ResourceInUseException");
    expect((await taking).events.length).toBe(1);
  }, 30_000);

  it("ends cleanly when its lifetime is over", async () => {
    const fourth = await registerActiveConsumer(h, "main", "lifetime");
    const started = Date.now();
    const got = await collect(h.kinesis, fourth, shard2, { Type: "LATEST" }, () => false, lifetimeMs + 10_000);
    expect(got.end).toBe("done");
    expect(Date.now() - started).toBeGreaterThanOrEqual(lifetimeMs - 100);
  }, 30_000);

  it("pushes every record to each of ten consumers of one shard", async () => {
    const arns: string[] = [];
    for (let i = 0; i < 10; i++) arns.push(await registerActiveConsumer(h, "main", `fan-${i}`));
    const expected = Array.from({ length: 50 }, (_, i) => `fan-record-${i}`);
    const receiving = arns.map((arn) => collect(h.kinesis, arn, shard0, { Type: "LATEST" }, (r) => r.data.length >= expected.length, 30_000));
    await new Promise((r) => setTimeout(r, 1_000));
    for (const d of expected) await put("main", shard0, d);
    for (const got of await Promise.all(receiving)) expect(got.data).toEqual(expected);
  }, 60_000);

  it("ends a closed shard's subscription with its ChildShards after its last record", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "splitting", ShardCount: 1 }));
    await waitActive(h, "splitting");
    const arn = await registerActiveConsumer(h, "splitting", "app");
    await h.kinesis.send(new PutRecordCommand({ StreamName: "splitting", PartitionKey: "p", Data: Buffer.from("before-split") }));
    const receiving = collect(h.kinesis, arn, shard0, { Type: "TRIM_HORIZON" }, () => false, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    await h.kinesis.send(new SplitShardCommand({ StreamName: "splitting", ShardToSplit: shard0, NewStartingHashKey: "170141183460469231731687303715884105728" }));
    const got = await receiving;
    expect(got.end).toBe("done");
    expect(got.data).toEqual(["before-split"]);
    const last = got.events[got.events.length - 1];
    expect(last?.ChildShards?.map((c) => [c.ShardId, c.ParentShards])).toEqual([
      ["shardId-000000000001", [shard0]],
      ["shardId-000000000002", [shard0]],
    ]);
    expect(last?.ContinuationSequenceNumber).toBeUndefined();
  }, 40_000);

  it("ends with ResourceNotFoundException when the stream is deleted", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "deleted", ShardCount: 1 }));
    await waitActive(h, "deleted");
    const arn = await registerActiveConsumer(h, "deleted", "app");
    const receiving = collect(h.kinesis, arn, shard0, { Type: "LATEST" }, () => false, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: "deleted", EnforceConsumerDeletion: true }));
    expect((await receiving).end).toBe("ResourceNotFoundException");
  }, 40_000);

  it("refuses an unknown consumer or shard and a position without its sequence number", async () => {
    const unknown = consumer.replace(/consumer\/app:/, "consumer/nobody:");
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: unknown, ShardId: shard0, StartingPosition: { Type: "LATEST" } })), "ResourceNotFoundException", /Consumer nobody under stream main/);
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000099", StartingPosition: { Type: "LATEST" } })), "ResourceNotFoundException", /Could not find shard/);
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: shard0, StartingPosition: { Type: "AT_SEQUENCE_NUMBER" } })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: "arn:nope", ShardId: shard0, StartingPosition: { Type: "LATEST" } })), "ValidationException");
  });

  it("speaks CBOR over HTTP/1.1 too: an initial-response frame, then events whose payloads are CBOR", async () => {
    const arn = await registerActiveConsumer(h, "main", "cbor");
    await put("main", shard2, "in-cbor");
    const http = await import("node:http");
    const url = new URL(h.endpoint);
    const codec = new EventStreamCodec(
      (b) => Buffer.from(b).toString("utf8"),
      (s) => Buffer.from(s, "utf8"),
    );
    const body = encodeCbor({ ConsumerARN: arn, ShardId: shard2, StartingPosition: { Type: "TRIM_HORIZON" } });
    const signed = await signedHeaders(h.endpoint, "Kinesis_20131202.SubscribeToShard", body, "application/x-amz-cbor-1.1");
    const frames = await new Promise<{ headers: Record<string, { value: unknown }>; body: Uint8Array }[]>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: "POST", path: "/", headers: { ...signed, "content-length": body.byteLength } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
        let buffered = Buffer.alloc(0);
        const out: { headers: Record<string, { value: unknown }>; body: Uint8Array }[] = [];
        res.on("data", (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          while (buffered.byteLength >= 4 && buffered.byteLength >= buffered.readUInt32BE(0)) {
            const size = buffered.readUInt32BE(0);
            out.push(codec.decode(buffered.subarray(0, size)) as never);
            buffered = buffered.subarray(size);
          }
          if (out.length >= 2) {
            req.destroy();
            resolve(out);
          }
        });
        res.on("error", () => undefined);
      });
      req.on("error", (err) => (err.message.includes("socket hang up") ? undefined : reject(err)));
      req.end(body);
    });
    expect(frames[0]?.headers[":event-type"]?.value).toBe("initial-response");
    expect(frames[1]?.headers[":event-type"]?.value).toBe("SubscribeToShardEvent");
    expect(frames[1]?.headers[":message-type"]?.value).toBe("event");
    const event = decodeCbor(Buffer.from(frames[1]?.body ?? [])) as { Records: { Data: Uint8Array }[]; ContinuationSequenceNumber: string };
    expect(event.Records.map((r) => Buffer.from(r.Data).toString())).toContain("in-cbor");
    expect(event.ContinuationSequenceNumber).toMatch(/^\d{56}$/);
  });
  it("DryRun: a subscription that would start answers DryRunOperationException and starts none", async () => {
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" }, DryRun: true })), "DryRunOperationException", "Request would have succeeded, but DryRun flag is set.");
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000099", StartingPosition: { Type: "LATEST" }, DryRun: true })), "ResourceNotFoundException");
    // While a subscription of the pair began under 5 s ago, a DryRun gets what the call would: ResourceInUseException.
    const abort = new AbortController();
    await h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000001", StartingPosition: { Type: "LATEST" } }), { abortSignal: abort.signal });
    await expectError(h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000001", StartingPosition: { Type: "LATEST" }, DryRun: true })), "ResourceInUseException");
    abort.abort();
  });
});
