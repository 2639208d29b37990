/**
 * A client cannot exhaust the gateway: connections and HTTP/2 streams are
 * bounded, every timeout closes what it should, every error path releases
 * its socket, a refused body is not read on, and bodies built to cost far
 * more to decode than their size are refused before decoding.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http2 from "node:http2";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { Encoder } from "cbor-x";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "../src/gateway.js";
import type { Harness } from "./harness.js";
import { rawRequest, signedHeaders, startHarness, waitFor } from "./harness.js";

let h: Harness;
let gateway: Gateway;
let endpoint: string;
let port: number;
const timeouts = { firstByteTimeoutMs: 500, headersTimeoutMs: 700, requestTimeoutMs: 1_000, idleTimeoutMs: 1_000, responseTimeoutMs: 1_000 };
const T = (op: string) => `Kinesis_20131202.${op}`;

beforeAll(async () => {
  h = await startHarness();
  // A second gateway on the same cluster, with short timeouts and few connections.
  gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, timeouts, connectionsMax: 50 }, pino({ level: "silent" }));
  port = await gateway.start();
  endpoint = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await h?.stop();
});

/** Opens a raw connection and resolves when the server closes it, with the milliseconds it took and what it answered. */
function untilClosed(write: (socket: net.Socket) => void, to = port): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(to, "127.0.0.1", () => write(socket));
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ ms: Date.now() - started, answer }));
  });
}

const baseline = () => waitFor("connections back to none", async () => gateway.connectionCount() === 0, 10_000, 50);

describe("timeouts", () => {
  it("closes a connection that sends nothing", async () => {
    const { ms } = await untilClosed(() => undefined);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(5_000);
  });

  it("answers 408 and closes an HTTP/1.1 connection whose headers trickle in", async () => {
    let timer: NodeJS.Timeout | undefined;
    const { answer, ms } = await untilClosed((s) => {
      s.write("POST / HTTP/1.1\r\nHost: x\r\n");
      timer = setInterval(() => s.write("X-Slow: yes\r\n"), 100);
    });
    clearInterval(timer);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(ms).toBeLessThan(5_000);
  });

  it("closes an HTTP/1.1 request whose body trickles in", async () => {
    let timer: NodeJS.Timeout | undefined;
    const { ms } = await untilClosed((s) => {
      s.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${T("ListStreams")}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n`);
      timer = setInterval(() => s.write(" "), 100);
    });
    clearInterval(timer);
    expect(ms).toBeLessThan(5_000);
  });

  it("resets an HTTP/2 stream whose body trickles in", async () => {
    const session = http2.connect(endpoint);
    session.on("error", () => undefined);
    const stream = session.request({ ":method": "POST", ":path": "/", "x-amz-target": T("ListStreams"), "content-type": "application/x-amz-json-1.1" });
    stream.on("error", () => undefined);
    const closed = new Promise<void>((resolve) => stream.on("close", () => resolve()));
    stream.write("{");
    const timer = setInterval(() => stream.write(" "), 100);
    const started = Date.now();
    await closed;
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(5_000);
    session.destroy();
  }, 30_000);

  it("closes an idle HTTP/2 session", async () => {
    const session = http2.connect(endpoint);
    session.on("error", () => undefined);
    const closed = new Promise<void>((resolve) => session.on("close", () => resolve()));
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 30_000);

  it("drops an answer its HTTP/2 reader never reads", async () => {
    // A 2 MiB answer (GetRecords of a 1 MiB record, as base64) to a reader that stops at once: more than
    // its stream buffer takes, so the rest waits on flow control until the gateway drops it.
    const { CreateStreamCommand, GetShardIteratorCommand, PutRecordCommand } = await import("@aws-sdk/client-kinesis");
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "unread", ShardCount: 1 }));
    await waitFor("unread ACTIVE", async () => (await rawRequest(endpoint, T("DescribeStreamSummary"), JSON.stringify({ StreamName: "unread" }))).body.toString().includes('"ACTIVE"'), 30_000, 100);
    await h.kinesis.send(new PutRecordCommand({ StreamName: "unread", PartitionKey: "k", Data: Buffer.alloc(1024 * 1024 - 10, 7) }));
    const iterator = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "unread", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator as string;
    const body = JSON.stringify({ ShardIterator: iterator });
    // A gateway whose sessions outlive the test (idle closing is tested above): only the unread answer's timeout can end the stream.
    const patient = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, timeouts: { ...timeouts, idleTimeoutMs: 60_000 } }, pino({ level: "silent" }));
    const patientEndpoint = `http://127.0.0.1:${await patient.start()}`;
    const session = http2.connect(patientEndpoint, { settings: { initialWindowSize: 1024 } });
    session.on("error", () => undefined);
    const stream = session.request({ ":method": "POST", ":path": "/", ...(await signedHeaders(patientEndpoint, T("GetRecords"), body)) });
    stream.on("error", () => undefined);
    let length = 0;
    let received = 0;
    stream.on("response", (hs) => (length = Number(hs["content-length"])));
    const closed = new Promise<void>((resolve) => stream.on("close", () => resolve()));
    stream.pause();
    stream.end(body);
    // Past the gateway's unread-answer timeout (1 s here), the reader reads again: the stream was reset, the answer cut short.
    await new Promise((r) => setTimeout(r, 2_500));
    stream.on("data", (d: Buffer) => (received += d.byteLength));
    stream.resume();
    await closed;
    expect(length).toBeGreaterThan(1024 * 1024);
    expect(received).toBeLessThan(length);
    session.destroy();
    await patient.stop();
  }, 60_000);
});

describe("TLS", () => {
  it.skipIf(!existsSync("/usr/bin/openssl"))("bounds a handshake that stalls and HTTP/1.1 headers that trickle in over TLS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tributary-tls-"));
    execFileSync("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const secure = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, timeouts, tls: { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) } }, pino({ level: "silent" }));
    const securePort = await secure.start();
    try {
      // A handshake's first byte, then nothing.
      const stalled = await untilClosed((s) => s.write(Buffer.from([0x16, 0x03, 0x01])), securePort);
      expect(stalled.ms).toBeLessThan(5_000);
      let timer: NodeJS.Timeout | undefined;
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        let got = "";
        const s = tls.connect({ host: "127.0.0.1", port: securePort, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () => {
          s.write("POST / HTTP/1.1\r\nHost: x\r\n");
          timer = setInterval(() => s.write("X-Slow: yes\r\n"), 100);
        });
        s.on("data", (d: Buffer) => (got += d.toString("latin1")));
        s.on("error", () => undefined);
        s.on("close", () => resolve(got));
      });
      clearInterval(timer);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await secure.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("connections", () => {
  it("releases the socket of every HTTP/2 connection that errs", async () => {
    await baseline();
    const garbage = Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.alloc(64, 0xee)]);
    await Promise.all(Array.from({ length: 40 }, () => untilClosed((s) => s.write(garbage))));
    // Valid sessions that the client then abandons mid-stream, or resets.
    for (let i = 0; i < 20; i++) {
      const session = http2.connect(endpoint);
      session.on("error", () => undefined);
      const stream = session.request({ ":method": "POST", ":path": "/", "x-amz-target": T("ListStreams") });
      stream.on("error", () => undefined);
      stream.write("{");
      await new Promise((r) => setTimeout(r, 5));
      if (i % 2) stream.close(http2.constants.NGHTTP2_CANCEL);
      session.destroy();
    }
    await baseline();
  });

  it("closes connections beyond its bound at once, and serves again when they are gone", async () => {
    await baseline();
    const held = await Promise.all(Array.from({ length: 50 }, () => new Promise<net.Socket>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(s));
      s.on("error", () => undefined);
    })));
    await waitFor("50 connections held", async () => gateway.connectionCount() === 50, 5_000, 20);
    const refused = await untilClosed((s) => s.write("POST / HTTP/1.1\r\n"));
    expect(refused.answer).toBe("");
    expect(gateway.connectionCount()).toBe(50);
    for (const s of held) s.destroy();
    await baseline();
    const ok = await rawRequest(endpoint, T("ListStreams"), "{}");
    expect(ok.status).toBe(200);
  });

  it("tells HTTP/2 clients how many streams a connection may carry", async () => {
    const session = http2.connect(endpoint);
    const settings = await new Promise<http2.Settings>((resolve) => session.once("remoteSettings", resolve));
    expect(settings.maxConcurrentStreams).toBe(100);
    session.close();
  });
});

/** HTTP/2 frames as a hostile client writes them, byte by byte (RFC 9113 section 4.1). */
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
function frame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.byteLength, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}
const [DATA, HEADERS, RST_STREAM, SETTINGS, PING, CONTINUATION] = [0, 1, 3, 4, 6, 9];
const END_HEADERS = 0x4;
/** A request's header block in HPACK: POST, http, /, then :authority and x-amz-target as literals without indexing. */
function requestHeaders(extra: Buffer = Buffer.alloc(0)): Buffer {
  const literal = (name: string, value: string) => Buffer.concat([Buffer.from([0x00, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)]);
  return Buffer.concat([Buffer.from([0x83, 0x86, 0x84, 0x01, 9]), Buffer.from("127.0.0.1"), literal("x-amz-target", T("ListStreams")), extra]);
}

/** Writes `bytes` on a raw connection as fast as the socket takes them; resolves when the server closes it (or after `holdMs`, closing it here). */
function flood(bytes: Buffer[], holdMs = 10_000): Promise<{ closedByServer: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let done = false;
    const socket = net.connect(port, "127.0.0.1", () => {
      let i = 0;
      const more = () => {
        while (i < bytes.length && !socket.destroyed) if (!socket.write(bytes[i++] as Buffer)) return void socket.once("drain", more);
      };
      more();
    });
    socket.resume(); // read (and drop) whatever the server answers
    socket.on("error", () => undefined);
    const timer = setTimeout(() => {
      done = true;
      socket.destroy();
      resolve({ closedByServer: false, ms: Date.now() - started });
    }, holdMs);
    socket.on("close", () => {
      clearTimeout(timer);
      if (!done) resolve({ closedByServer: true, ms: Date.now() - started });
    });
  });
}

const servesStill = async () => expect((await rawRequest(endpoint, T("ListStreams"), "{}")).status).toBe(200);

describe("HTTP/2 abuse", () => {
  it("rapid reset: 20,000 requests each cancelled at once cost the gateway nothing lasting", async () => {
    await baseline();
    const pairs: Buffer[] = [PREFACE, frame(SETTINGS, 0, 0)];
    const code = Buffer.alloc(4);
    code.writeUInt32BE(http2.constants.NGHTTP2_CANCEL);
    for (let i = 0; i < 20_000; i++) {
      const id = 2 * i + 1;
      pairs.push(Buffer.concat([frame(HEADERS, END_HEADERS, id, requestHeaders()), frame(RST_STREAM, 0, id, code)]));
    }
    // The server ends such a connection (before the 10 s this side would hold it).
    expect((await flood(pairs)).closedByServer).toBe(true);
    await servesStill();
    await baseline();
  });

  it("CONTINUATION flood: a header block that never ends is cut off long before 64 MiB", async () => {
    await baseline();
    const filler = Buffer.concat(Array.from({ length: 16 }, (_, k) => Buffer.concat([Buffer.from([0x00, 8]), Buffer.from(`x-pad-${String(k).padStart(2, "0")}`), Buffer.from([0x7f, 0x80, 0x01]), Buffer.alloc(255, 0x61)])));
    const frames: Buffer[] = [PREFACE, frame(SETTINGS, 0, 0), frame(HEADERS, 0, 1, requestHeaders())];
    for (let i = 0; i < 64 * 1024 * 1024 / filler.byteLength; i++) frames.push(frame(CONTINUATION, 0, 1, filler));
    expect((await flood(frames, 15_000)).closedByServer).toBe(true);
    await servesStill();
    await baseline();
  });

  it("SETTINGS and PING floods: a client that sends hundreds of thousands leaves the gateway serving", async () => {
    await baseline();
    const settings = [PREFACE, frame(SETTINGS, 0, 0), ...Array.from({ length: 200_000 }, () => frame(SETTINGS, 0, 0))];
    const pings = [PREFACE, frame(SETTINGS, 0, 0), ...Array.from({ length: 200_000 }, (_, i) => frame(PING, 0, 0, Buffer.alloc(8, i % 256)))];
    const [a, b] = await Promise.all([flood(settings), flood(pings)]);
    expect([a.closedByServer, b.closedByServer]).toEqual([true, true]);
    await servesStill();
    await baseline();
  });

  it("a DATA frame on a stream never opened, and a header list of 10,000 fields, end only their own connection or stream", async () => {
    await baseline();
    const stray = await flood([PREFACE, frame(SETTINGS, 0, 0), frame(DATA, 0, 7, Buffer.from("{}"))]);
    expect(stray.closedByServer).toBe(true);
    // 10,000 fields of 10 bytes: a header block of 100 KB, sent as HEADERS and CONTINUATION frames within the 16 KiB frame size.
    const block = requestHeaders(Buffer.concat(Array.from({ length: 10_000 }, (_, k) => Buffer.concat([Buffer.from([0x00, 6]), Buffer.from(`x-${String(k).padStart(4, "0")}`), Buffer.from([1, 0x61])]))));
    const pieces: Buffer[] = [];
    for (let at = 0; at < block.byteLength; at += 16_000) pieces.push(block.subarray(at, at + 16_000));
    const headerFrames = pieces.map((p, i) => frame(i === 0 ? HEADERS : CONTINUATION, (i === 0 ? 0x1 : 0) | (i === pieces.length - 1 ? END_HEADERS : 0), 1, p));
    // Refused as a header list too long; the connection ends at the latest when it idles.
    expect((await flood([PREFACE, frame(SETTINGS, 0, 0), ...headerFrames], 5_000)).closedByServer).toBe(true);
    await servesStill();
    await baseline();
  });
});

describe("bodies", () => {
  it("answers HTTP/2 requests only after their body arrives, even when it is refused", async () => {
    const session = http2.connect(endpoint);
    const headers = await signedHeaders(endpoint, T("ListStreams"), "{}");
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new Promise<{ status: number; body: string; early: boolean }>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/", ...headers, "x-amz-target": T(i % 2 ? "NoSuchOperation" : "ListStreams") });
        let body = "";
        let status = 0;
        let sent = false;
        let early = false;
        stream.on("response", (headers) => {
          status = Number(headers[":status"]);
          early = !sent;
        });
        stream.on("data", (d: Buffer) => (body += d.toString()));
        stream.on("end", () => resolve({ status, body, early }));
        stream.on("error", reject);
        setTimeout(() => {
          sent = true;
          stream.end("{}");
        }, 50);
      })),
    );
    session.close();
    for (const [i, a] of answers.entries()) {
      expect(a.early, "answered before the body was sent").toBe(false);
      if (i % 2) expect(JSON.parse(a.body)).toEqual({ __type: "UnknownOperationException" });
      else expect(a.status).toBe(200);
    }
  });

  it("answers 413 to a body over the limit and stops reading it", async () => {
    const { answer, ms } = await untilClosed((s) => {
      s.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${T("PutRecord")}\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n`);
      // Up to 256 MiB, written as the socket takes it; the gateway must close long before.
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const more = () => {
        while (sent < 256 && !s.destroyed) {
          sent++;
          if (!s.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]))) return void s.once("drain", more);
        }
      };
      more();
    });
    expect(answer).toMatch(/^HTTP\/1.1 413/);
    expect(answer).toContain("SerializationException");
    expect(ms).toBeLessThan(20_000);
  });

  it("answers 503 rather than hold more request bytes than its budget, and serves again once they are gone", async () => {
    const small = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, timeouts, bodyBytesInFlightMax: 1024 * 1024 }, pino({ level: "silent" }));
    const smallEndpoint = `http://127.0.0.1:${await small.start()}`;
    const session = http2.connect(smallEndpoint);
    session.on("error", () => undefined);
    try {
      // One request holds 800 KB of body and stalls; a second one's 800 KB would pass the 1 MiB budget.
      const stalled = session.request({ ":method": "POST", ":path": "/", "x-amz-target": T("PutRecord"), "content-type": "application/x-amz-json-1.1" });
      stalled.on("error", () => undefined);
      stalled.write(Buffer.alloc(800 * 1024, 0x20));
      await new Promise((r) => setTimeout(r, 200));
      const second = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = session.request({ ":method": "POST", ":path": "/", "x-amz-target": T("PutRecord"), "content-type": "application/x-amz-json-1.1" });
        let status = 0;
        let body = "";
        req.on("response", (hs) => (status = Number(hs[":status"])));
        req.on("data", (d: Buffer) => (body += d.toString()));
        req.on("end", () => resolve({ status, body }));
        req.on("close", () => resolve({ status, body }));
        req.on("error", reject);
        req.write(Buffer.alloc(800 * 1024, 0x20));
      });
      expect(second.status).toBe(503);
      expect(JSON.parse(second.body).__type).toBe("ServiceUnavailable");
      stalled.close(http2.constants.NGHTTP2_CANCEL);
      // The stalled request gone, its bytes are released: a signed call is served.
      await waitFor("the budget released", async () => (await rawRequest(smallEndpoint, T("ListStreams"), "{}")).status === 200, 5_000, 50);
    } finally {
      session.destroy();
      await small.stop();
    }
  }, 30_000);

  it("refuses a CBOR body of millions of tiny values before decoding it", async () => {
    // PutRecords whose Records is 4 million empty maps: 4 MiB that would decode into gigabytes.
    const count = 4_000_000;
    const head = new Encoder({ useRecords: false, mapsAsObjects: true }).encode({ StreamName: "s" });
    const body = Buffer.concat([Buffer.from([0xa2]), head.subarray(1), Buffer.from([0x67]), Buffer.from("Records"), Buffer.from([0x9a, count >>> 24, (count >>> 16) & 255, (count >>> 8) & 255, count & 255]), Buffer.alloc(count, 0xa0)]);
    const res = await rawRequest(endpoint, T("PutRecords"), body, "application/x-amz-cbor-1.1");
    expect(res.status).toBe(400);
    expect(res.body.toString("latin1")).toContain("SerializationException");
    expect(res.body.toString("latin1")).toContain("more than 20000 values");
  });

  it("refuses a CBOR bignum larger than 64 bits, and deep nesting in JSON and CBOR", async () => {
    const big = Buffer.concat([Buffer.from([0xa1, 0x65]), Buffer.from("Limit"), Buffer.from([0xc2, 0x5a, 0x00, 0x02, 0x80, 0x00]), Buffer.alloc(160 * 1024, 0xff)]);
    const started = Date.now();
    const bigRes = await rawRequest(endpoint, T("ListStreams"), big, "application/x-amz-cbor-1.1");
    expect(bigRes.status).toBe(400);
    expect(bigRes.body.toString("latin1")).toContain("SerializationException");
    expect(Date.now() - started).toBeLessThan(5_000);
    const deepJson = `{"StreamName":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect((await rawRequest(endpoint, T("DescribeStream"), deepJson)).status).toBe(400);
    const deepCbor = Buffer.concat([Buffer.from([0xa1, 0x6a]), Buffer.from("StreamName"), Buffer.alloc(100_000, 0x81), Buffer.from([0x80])]);
    const deepRes = await rawRequest(endpoint, T("DescribeStream"), deepCbor, "application/x-amz-cbor-1.1");
    expect(deepRes.status).toBe(400);
    expect(deepRes.body.toString("latin1")).toContain("SerializationException");
    // The largest legitimate request still passes the bounds: 500 records.
    const records = Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `k${i}`, Data: "AA==", ExplicitHashKey: "1" }));
    const fine = await rawRequest(endpoint, T("PutRecords"), JSON.stringify({ StreamName: "no-such-stream", Records: records }));
    expect(fine.body.toString()).toContain("ResourceNotFoundException");
  });
});
