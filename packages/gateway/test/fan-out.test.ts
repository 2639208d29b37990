/**
 * Enhanced fan-out on the wire, without the SDK: a subscriber that stops
 * reading holds back nothing but itself (the shard takes writes, another
 * consumer receives them all, and the slow one gets every record once it
 * reads again), and SubscribeToShard over HTTP/2 with TLS.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http2 from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutRecordsCommand, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "../src/gateway.js";
import type { Harness } from "./harness.js";
import { registerActiveConsumer, signedHeaders, startWithMainStream, waitFor } from "./harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const codec = new EventStreamCodec(
  (b) => Buffer.from(b).toString("utf8"),
  (s) => Buffer.from(s, "utf8"),
);

interface Frame {
  type: string;
  event?: { Records: { Data: string; SequenceNumber: string }[] };
}

/** A raw HTTP/2 SubscribeToShard whose frames are decoded as they arrive; `pause`/`resume` stop and restart reading. */
async function rawSubscription(session: http2.ClientHttp2Session, endpoint: string, consumerArn: string, shardId: string) {
  const frames: Frame[] = [];
  const body = JSON.stringify({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: { Type: "TRIM_HORIZON" } });
  const req = session.request({ ":method": "POST", ":path": "/", ...(await signedHeaders(endpoint, "Kinesis_20131202.SubscribeToShard", body)) });
  let buffered = Buffer.alloc(0);
  req.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.byteLength >= 4 && buffered.byteLength >= buffered.readUInt32BE(0)) {
      const size = buffered.readUInt32BE(0);
      const m = codec.decode(buffered.subarray(0, size));
      buffered = buffered.subarray(size);
      const type = String(m.headers[":event-type"]?.value ?? m.headers[":exception-type"]?.value);
      frames.push(type === "SubscribeToShardEvent" ? { type, event: JSON.parse(Buffer.from(m.body).toString()) } : { type });
    }
  });
  req.on("error", () => undefined);
  req.end(body);
  const records = () => frames.flatMap((f) => f.event?.Records ?? []);
  return { req, frames, records };
}

describe("enhanced fan-out on the wire", () => {
  it("lets a subscriber that stops reading hold back neither the shard's writes nor another consumer, and gives it every record once it reads again", async () => {
    const slowArn = await registerActiveConsumer(h, "main", "slow");
    const fastArn = await registerActiveConsumer(h, "main", "fast");
    const session = http2.connect(h.endpoint);
    session.on("error", () => undefined);
    try {
      const slow = await rawSubscription(session, h.endpoint, slowArn, "shardId-000000000000");
      await waitFor("the slow subscription's first frame", () => slow.frames.length >= 1, 10_000, 20);
      slow.req.pause();
      // The fast consumer reads with the SDK while 8 MiB go into the shard.
      const fast: string[] = [];
      const fastDone = (async () => {
        const res = await h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: fastArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" } }));
        for await (const e of res.EventStream ?? []) {
          for (const r of e.SubscribeToShardEvent?.Records ?? []) fast.push(r.SequenceNumber as string);
          if (fast.length >= 80) return;
        }
      })();
      const acked: string[] = [];
      for (let b = 0; b < 8; b++) {
        const records = Array.from({ length: 10 }, (_, i) => ({ PartitionKey: `k${i}`, ExplicitHashKey: "0", Data: Buffer.alloc(100 * 1024, b * 10 + i) }));
        const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: records }));
        expect(res.FailedRecordCount).toBe(0);
        acked.push(...(res.Records ?? []).map((r) => r.SequenceNumber as string));
      }
      await fastDone;
      expect(fast).toEqual(acked);
      // The slow one got a little before it stopped reading; now it reads on and gets everything, in order, once.
      expect(slow.records().length).toBeLessThan(acked.length);
      slow.req.resume();
      await waitFor("the slow subscriber to catch up", () => slow.records().length >= acked.length, 30_000, 50);
      expect(slow.records().map((r) => r.SequenceNumber)).toEqual(acked);
    } finally {
      session.close();
    }
  }, 60_000);

  const hasOpenssl = existsSync("/usr/bin/openssl");
  it.skipIf(!hasOpenssl)("subscribes over HTTP/2 with TLS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tributary-tls-"));
    execFileSync("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, tls: { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) } }, pino({ level: "silent" }));
    const port = await gateway.start();
    const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    session.on("error", () => undefined); // the gateway stops under it at the end
    try {
      const arn = await registerActiveConsumer(h, "main", "over-tls");
      await h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [{ PartitionKey: "p", ExplicitHashKey: "0", Data: Buffer.from("secure") }] }));
      const sub = await rawSubscription(session, `https://127.0.0.1:${port}`, arn, "shardId-000000000000");
      await waitFor("the record over TLS", () => sub.records().some((r) => Buffer.from(r.Data, "base64").toString() === "secure"), 10_000, 20);
      expect(sub.frames[0]?.type).toBe("initial-response");
      expect(session.alpnProtocol).toBe("h2");
      sub.req.close();
    } finally {
      session.close();
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
