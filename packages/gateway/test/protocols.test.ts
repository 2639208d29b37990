/**
 * The wire, without an SDK: HTTP/1.1 with JSON and with CBOR (AWS's
 * timestamp convention: tag 1 over integer epoch milliseconds), cleartext
 * HTTP/2, and AWS's error shapes and status codes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http2 from "node:http2";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Gateway } from "../src/gateway.js";
import { Decoder, Encoder } from "cbor-x";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { httpRequest, rawRequest, signedHeaders, startHarness, waitFor } from "./harness.js";

let h: Harness;
const T = (op: string) => `Kinesis_20131202.${op}`;
const cbor = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: true });
const uncbor = new Decoder({ useRecords: false, mapsAsObjects: true });

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

async function json(op: string, body: unknown) {
  const res = await rawRequest(h.endpoint, T(op), JSON.stringify(body));
  return { ...res, json: res.body.byteLength ? (JSON.parse(res.body.toString()) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function viaCbor(op: string, body: unknown) {
  const res = await rawRequest(h.endpoint, T(op), cbor.encode(body), "application/x-amz-cbor-1.1");
  return { ...res, value: (res.body.byteLength ? uncbor.decode(res.body) : {}) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("HTTP/1.1 with JSON", () => {
  it("runs the core flow: create, put, iterate, get", async () => {
    expect((await json("CreateStream", { StreamName: "json1", ShardCount: 1 })).status).toBe(200);
    await waitFor("json1 ACTIVE", async () => (await json("DescribeStreamSummary", { StreamName: "json1" })).json.StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000, 200);
    const put = await json("PutRecord", { StreamName: "json1", PartitionKey: "k", Data: Buffer.from([0, 1, 254, 255]).toString("base64") });
    expect(put.status).toBe(200);
    expect(put.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(put.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    const it1 = await json("GetShardIterator", { StreamName: "json1", ShardId: put.json.ShardId, ShardIteratorType: "TRIM_HORIZON" });
    const got = await json("GetRecords", { ShardIterator: it1.json.ShardIterator });
    expect(got.json.Records[0].Data).toBe(Buffer.from([0, 1, 254, 255]).toString("base64"));
    expect(got.json.Records[0].SequenceNumber).toBe(put.json.SequenceNumber);
    // Timestamps are epoch seconds with a fractional part.
    expect(typeof got.json.Records[0].ApproximateArrivalTimestamp).toBe("number");
    expect(Math.abs(got.json.Records[0].ApproximateArrivalTimestamp - Date.now() / 1000)).toBeLessThan(120);
  });

  it("answers an operation without output with an empty body, and every answer with both request ids", async () => {
    const created = await json("CreateStream", { StreamName: "empty-answer", ShardCount: 1 });
    expect(created.status).toBe(200);
    expect(created.body.byteLength).toBe(0);
    const failed = await json("DeleteStream", { StreamName: "no-such-stream" });
    expect(failed.status).toBe(400);
    for (const res of [created, failed]) {
      expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers["x-amz-id-2"]).toMatch(/^[A-Za-z0-9+/]{64}$/);
    }
  });

  it("shapes errors as AWS does", async () => {
    const unknown = await json("NoSuchThing", {});
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ __type: "UnknownOperationException" });
    for (const inherited of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect((await json(inherited, {})).json, inherited).toEqual({ __type: "UnknownOperationException" });
    }
    const missing = await rawRequest(h.endpoint, "", "{}");
    expect(JSON.parse(missing.body.toString()).__type).toBe("UnknownOperationException");
    const notJson = await rawRequest(h.endpoint, T("ListStreams"), "{nope");
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString()).__type).toBe("SerializationException");
    const wrongType = await json("DescribeStream", { StreamName: 5 });
    expect(wrongType.json).toEqual({ __type: "SerializationException", Message: "NUMBER_VALUE cannot be converted to String" });
    const wrongStruct = await json("CreateStream", { StreamName: "x", ShardCount: "two" });
    expect(wrongStruct.json.__type).toBe("SerializationException");
    const badBlob = await json("PutRecord", { StreamName: "json1", PartitionKey: "k", Data: "abc" });
    expect(badBlob.json.__type).toBe("SerializationException");
    const missingMember = await json("PutRecord", { StreamName: "json1", PartitionKey: "k" });
    expect(missingMember.json).toEqual({
      __type: "ValidationException",
      message: "1 validation error detected: Value null at 'data' failed to satisfy constraint: Member must not be null",
    });
    const notFound = await json("DescribeStream", { StreamName: "ghost" });
    expect(notFound.status).toBe(400);
    expect(notFound.json).toEqual({ __type: "ResourceNotFoundException", message: "Stream ghost under account 000000000000 not found." });
  });

  it("logs a client that disconnects mid-body as nothing worse than debug", async () => {
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes }, log);
    const port = await gateway.start();
    try {
      const { connect } = await import("node:net");
      const socket = connect(port, "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      socket.write(`POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: ${T("ListStreams")}\r\ncontent-length: 1000\r\n\r\n{"Limit":`);
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await waitFor("the gateway to notice", () => lines.some((l) => /not received whole|error/.test(l.msg)), 5_000);
      expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]); // no warning, no error
      expect(lines.some((l) => /not received whole/.test(l.msg))).toBe(true);
    } finally {
      await gateway.stop();
    }
  });

  it("refuses a body over the limit before buffering it", async () => {
    const res = await rawRequest(h.endpoint, T("PutRecord"), Buffer.alloc(17 * 1024 * 1024, 0x20));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).__type).toBe("SerializationException");
  });
});

describe("what AWS answers before the operation", () => {
  /** A raw request with any method, content type and headers; the body as text. */
  async function raw(method: string, headers: Record<string, string>, body = "") {
    const res = await httpRequest(h.endpoint, method, headers, body);
    return { ...res, body: res.body.toString() };
  }

  it("a method other than POST: 403 AccessDeniedException in XML", async () => {
    const res = await raw("GET", {});
    expect(res.status).toBe(403);
    expect(res.body).toBe("<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n");
    expect(res.headers["x-amzn-requestid"]).toBeDefined();
  });

  it("a content type that is not Kinesis's: 404 UnknownOperationException, or 403 with no target", async () => {
    for (const type of ["application/x-amz-json-1.0", "text/plain", ""]) {
      const res = await raw("POST", { ...(type ? { "content-type": type } : {}), "x-amz-target": T("ListStreams") }, "{}");
      expect([type, res.status, res.body]).toEqual([type, 404, "<UnknownOperationException/>\n"]);
    }
    expect((await raw("POST", { "content-type": "text/plain" }, "{}")).status).toBe(403);
  });

  it("application/json: AWS's JSON 1.0 envelopes", async () => {
    const unreadable = await raw("POST", { "content-type": "application/json", "x-amz-target": T("ListStreams") }, "{nope");
    expect([unreadable.status, JSON.parse(unreadable.body)]).toEqual([400, { Output: { __type: "com.amazon.coral.service#SerializationException" }, Version: "1.0" }]);
    const readable = await raw("POST", { "content-type": "application/json", "x-amz-target": T("ListStreams") }, "{}");
    expect([readable.status, JSON.parse(readable.body)]).toEqual([404, { Output: { __type: "com.amazon.coral.service#UnknownOperationException" }, Version: "1.0" }]);
  });

  it("an empty body: SerializationException for an operation, UnknownOperationException otherwise, in JSON when asked, else CBOR", async () => {
    const json = await raw("POST", { "content-type": "application/x-amz-json-1.1", "x-amz-target": T("ListStreams") });
    expect([json.status, json.headers["content-type"], JSON.parse(json.body)]).toEqual([400, "application/x-amz-json-1.1", { __type: "SerializationException" }]);
    const unknown = await raw("POST", { "content-type": "application/x-amz-json-1.1", "x-amz-target": T("Nope") });
    expect(JSON.parse(unknown.body)).toEqual({ __type: "UnknownOperationException" });
    const other = await raw("POST", { "content-type": "text/plain", "x-amz-target": T("ListStreams") });
    expect(other.headers["content-type"]).toBe("application/x-amz-cbor-1.1");
  });

  it("CORS: a preflight is answered, and answers carry the headers a browser needs", async () => {
    const preflight = await raw("OPTIONS", { origin: "http://example.test", "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-amz-target,authorization" });
    expect(preflight.status).toBe(200);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    expect(preflight.headers["access-control-allow-methods"]).toBe("POST");
    expect(preflight.headers["access-control-allow-headers"]).toBe("content-type,x-amz-target,authorization");
    expect(preflight.headers["access-control-max-age"]).toBe("172800");
    const answer = await raw("POST", { origin: "http://example.test", "content-type": "application/x-amz-json-1.1", "x-amz-target": T("ListStreams") }, "{}");
    expect(answer.headers["access-control-allow-origin"]).toBe("*");
    expect(answer.headers["access-control-expose-headers"]).toContain("x-amzn-RequestId");
  });

  it("types as strictly as AWS: timestamps as strings or booleans, integers out of range", async () => {
    const asString = await json("GetShardIterator", { StreamName: "json1", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: "2024-01-01T00:00:00Z" });
    expect(asString.json).toEqual({ __type: "SerializationException", Message: "class java.lang.String can not be converted to milliseconds since epoch" });
    const numericString = await json("GetShardIterator", { StreamName: "json1", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: "23" });
    expect(numericString.json.__type).toBe("SerializationException");
    const asBoolean = await json("GetShardIterator", { StreamName: "json1", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: true });
    expect(asBoolean.json).toEqual({ __type: "SerializationException", Message: "class java.lang.Boolean can not be converted to milliseconds since epoch" });
    const tooBig = await json("ListStreams", { Limit: 2 ** 31 });
    expect(tooBig.json).toEqual({ __type: "SerializationException", Message: "Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)" });
    const boolForInt = await json("ListStreams", { Limit: true });
    expect(boolForInt.json).toEqual({ __type: "SerializationException", Message: "TRUE_VALUE cannot be converted to Integer" });
    const listForString = await json("DescribeStream", { StreamName: [] });
    expect(listForString.json).toEqual({ __type: "SerializationException", Message: "Unrecognized collection type class java.lang.String" });
  });
});

describe("CBOR", () => {
  it("runs the core flow with byte strings and millisecond timestamps", async () => {
    expect((await viaCbor("CreateStream", { StreamName: "cbor1", ShardCount: 1 })).status).toBe(200);
    await waitFor("cbor1 ACTIVE", async () => (await viaCbor("DescribeStreamSummary", { StreamName: "cbor1" })).value.StreamDescriptionSummary?.StreamStatus === "ACTIVE", 60_000, 200);
    const data = Buffer.from([9, 8, 7, 0, 255]);
    const put = await viaCbor("PutRecord", { StreamName: "cbor1", PartitionKey: "k", Data: data });
    expect(put.status).toBe(200);
    expect(put.headers["content-type"]).toBe("application/x-amz-cbor-1.1");
    const start = Date.now() - 5_000;
    const it1 = await viaCbor("GetShardIterator", { StreamName: "cbor1", ShardId: put.value.ShardId, ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(start) });
    expect(it1.status).toBe(200);
    const got = await viaCbor("GetRecords", { ShardIterator: it1.value.ShardIterator });
    const record = got.value.Records[0];
    expect(Buffer.from(record.Data).equals(data)).toBe(true);
    expect(record.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(Math.abs((record.ApproximateArrivalTimestamp as Date).getTime() - Date.now())).toBeLessThan(120_000);
    // On the wire: tag 1 (0xc1) over a 64-bit unsigned integer (0x1b) of milliseconds.
    expect(got.body.includes(Buffer.from([0xc1, 0x1b]))).toBe(true);
    const err = await viaCbor("DescribeStream", { StreamName: "ghost" });
    expect(err.status).toBe(400);
    expect(err.value.__type).toBe("ResourceNotFoundException");
  });
});

describe("HTTP/2 with prior knowledge on the same port", () => {
  it("serves a request", async () => {
    const session = http2.connect(h.endpoint);
    const headers = await signedHeaders(h.endpoint, T("ListStreams"), "{}");
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = session.request({ ":method": "POST", ":path": "/", ...headers });
        let out = "";
        req.on("data", (c: Buffer) => (out += c.toString()));
        req.on("end", () => resolve(out));
        req.on("error", reject);
        req.end("{}");
      });
      expect(JSON.parse(body).StreamNames).toEqual(expect.any(Array));
    } finally {
      session.close();
    }
  });
});

describe("TLS with ALPN, when a certificate is configured", () => {
  const hasOpenssl = existsSync("/usr/bin/openssl");
  it.skipIf(!hasOpenssl)("serves HTTPS/1.1 and HTTP/2 over TLS on the same port as cleartext", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tributary-tls-"));
    execFileSync("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
    const tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, tls }, pino({ level: "silent" }));
    const port = await gateway.start();
    const headers = await signedHeaders(`https://127.0.0.1:${port}`, T("ListStreams"), "{}");
    try {
      const overHttps = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request(
          { host: "127.0.0.1", port, method: "POST", path: "/", rejectUnauthorized: false, headers },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.end("{}");
      });
      expect(overHttps.status).toBe(200);
      expect(JSON.parse(overHttps.body).StreamNames).toEqual(expect.any(Array));
      const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
      try {
        const status = await new Promise<number>((resolve, reject) => {
          const req = session.request({ ":method": "POST", ":path": "/", ...headers });
          req.on("response", (answer) => resolve(Number(answer[":status"])));
          req.on("error", reject);
          req.end("{}");
        });
        expect(status).toBe(200);
        expect(session.alpnProtocol).toBe("h2");
      } finally {
        session.close();
      }
      // The cleartext port of the same gateway still answers HTTP/1.1.
      const plain = await rawRequest(`http://127.0.0.1:${port}`, T("ListStreams"), "{}");
      expect(plain.status).toBe(200);
    } finally {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
