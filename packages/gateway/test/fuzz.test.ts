/**
 * Seeded fuzzing of the gateway: for every operation of the model, inputs
 * built from its shapes with values of the right and of every wrong type,
 * oversized and odd values, malformed JSON and CBOR, over HTTP/1.1 and
 * HTTP/2, signed as a client would. Every answer must be AWS-shaped in the
 * request's encoding and a 4xx or a 200 (a 5xx would be a server fault: none
 * is expected); afterwards the gateway still serves, and holds no connection.
 *
 *   FUZZ_SEED=7 FUZZ_CASES=5000 npx vitest run packages/gateway/test/fuzz.test.ts
 */
import http from "node:http";
import http2 from "node:http2";
import { Decoder, Encoder } from "cbor-x";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "@tributary/raft";
import { model, shape } from "../src/model.js";
import type { Shape } from "../src/model.js";
import type { Harness } from "./harness.js";
import { http2Post, signedHeaders, startWithMainStream, waitFor } from "./harness.js";

const seed = Number(process.env.FUZZ_SEED ?? 1);
const cases = Number(process.env.FUZZ_CASES ?? 8000);
let h: Harness;
// The nodes run as processes, so this process's heap is the gateway's alone (its memory is checked below).
beforeAll(async () => (h = await startWithMainStream({ processes: true })), 120_000);

/** The heap in use after a full collection (tests run with --expose-gc; see vitest.config.ts). */
function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
afterAll(() => h?.stop());


const cbor = new Encoder({ useRecords: false, tagUint8Array: false, mapsAsObjects: true });
const uncbor = new Decoder({ useRecords: false, mapsAsObjects: true });
const operations = Object.keys(model.operations);

const mainArn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";
/** Values likely to be valid, by shape name: requests that pass validation reach the actions and the cluster. */
const VALID: Record<string, () => unknown[]> = {
  StreamName: () => ["main", "main", "fuzzed", "x"],
  StreamARN: () => [mainArn, `${mainArn}x`],
  ResourceARN: () => [mainArn, `${mainArn}/consumer/c:1`],
  ShardId: () => ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000009", "1"],
  PartitionKey: () => ["k", "key-1", "é"],
  HashKey: () => ["0", "170141183460469231731687303715884105728", "340282366920938463463374607431768211455"],
  SequenceNumber: () => ["49590338271490256608559692538361571095921575989136588898", "1", "0"],
  Data: () => ["aGVsbG8=", Buffer.from("fuzz").toString("base64")],
  Timestamp: () => [Date.now() / 1000 - 60, 0, Date.now() / 1000 + 3600],
  PositiveIntegerObject: () => [1, 2, 3],
  ConsumerName: () => ["c", "fuzz-consumer"],
};

class Fuzzer {
  constructor(readonly r: () => number) {}

  int(n: number): number {
    return Math.floor(this.r() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  /** Any value at all, of any type (depth-limited). */
  anything(depth = 0): unknown {
    const kinds = depth > 2 ? 7 : 9;
    switch (this.int(kinds)) {
      case 0:
        return null;
      case 1:
        return this.r() < 0.5;
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 31, -(2 ** 63), 2 ** 64, 1e308, -0, 123456789]);
      case 3:
        return this.pick(["", "x", "main", "shardId-000000000000", "💥", "\u0000", "a".repeat(3000), "2024-01-01T00:00:00Z", "AAAA", "=="]);
      case 4:
        return "constructor";
      case 5:
        return "__proto__";
      case 6:
        return this.pick(["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP", "ALL", "ON_DEMAND", "arn:aws:kinesis:us-east-1:000000000000:stream/main"]);
      case 7:
        return Array.from({ length: this.int(4) }, () => this.anything(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) o[this.pick(["StreamName", "Data", "x", "__proto__", "constructor", "Records"])] = this.anything(depth + 1);
        return o;
      }
    }
  }

  /** A value for a shape: usually of its type and often valid (so requests reach the actions), sometimes at or past its bounds, sometimes of any other type. */
  value(name: string, depth: number): unknown {
    const s: Shape = shape(name);
    if (this.r() < 0.1 || depth > 5) return this.anything(depth);
    const likely = VALID[name];
    if (likely && this.r() < 0.6) return this.pick(likely());
    switch (s.type) {
      case "structure": {
        const o: Record<string, unknown> = {};
        for (const [member, m] of Object.entries(s.members ?? {})) if (this.r() < 0.6 || s.required?.includes(member)) o[member] = this.value(m.shape, depth + 1);
        return o;
      }
      case "list":
        return Array.from({ length: this.pick([0, 1, 2, 3, 501]) }, () => this.value((s.member as { shape: string }).shape, depth + 1));
      case "map": {
        const o: Record<string, unknown> = {};
        for (let i = this.pick([0, 1, 2, 51]); i > 0; i--) o[`k${i}${this.pick(["", "💥", "=", " "])}`] = this.value((s.value as { shape: string }).shape, depth + 1);
        return o;
      }
      case "string":
        if (s.enum && this.r() < 0.7) return this.pick(s.enum);
        return this.pick(["main", "s", "shardId-000000000001", "x".repeat(s.max ?? 10), "x".repeat((s.max ?? 10) + 1), "", "arn:aws:kinesis:us-east-1:000000000000:stream/main", "arn:aws:kinesis:us-east-1:000000000000:stream/main/consumer/c:1", "0", "340282366920938463463374607431768211455", "3402823669209384634633746074317682114560"]);
      case "integer":
      case "long":
        return this.pick([0, 1, 2, 5, 24, 168, 8760, 10_000, 100_000, -1, s.max ?? 1, (s.max ?? 1) + 1, 2 ** 31]);
      case "double":
        return this.pick([0, 1.5, -1]);
      case "boolean":
        return this.r() < 0.5;
      case "blob":
        return this.pick(["", "AAAA", "aGVsbG8=", Buffer.alloc(10).toString("base64"), "not base64!"]);
      case "timestamp":
        return this.pick([0, Date.now() / 1000, 1e12, -1, 1.5]);
    }
  }

  /** A body: the operation's input, or malformed bytes, in JSON or CBOR. */
  body(operation: string, format: "json" | "cbor"): Buffer {
    const input = model.operations[operation]?.input;
    const value = input ? this.value(input, 0) : {};
    const roll = this.r();
    if (format === "json") {
      const text = JSON.stringify(value);
      if (roll < 0.08) return Buffer.from(text.slice(0, this.int(text.length + 1))); // truncated
      if (roll < 0.12) return Buffer.from(this.pick(["[", "{", "null", "1", '"x"', "{}}", "{\"a\":}", "\u0000"]));
      return Buffer.from(text);
    }
    const bytes = cbor.encode(value);
    if (roll < 0.08) return bytes.subarray(0, this.int(bytes.length + 1));
    if (roll < 0.12) return Buffer.from(Array.from({ length: 1 + this.int(16) }, () => this.int(256)));
    return bytes;
  }
}

interface Answer {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

function overHttp1(endpoint: string, headers: Record<string, string>, body: Buffer, agent: http.Agent): Promise<Answer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: "POST", path: "/", agent, headers: { ...headers, "content-length": body.byteLength } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"], body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}


describe(`fuzzing the gateway (seed ${seed}, ${cases} cases)`, () => {
  it("answers every input with a 200 or an AWS-shaped 4xx in its encoding, and keeps serving", async () => {
    const fuzz = new Fuzzer(createRandom(seed));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const session = http2.connect(h.endpoint);
    const faults: string[] = [];
    expect(typeof (globalThis as { gc?: unknown }).gc, "run with --expose-gc").toBe("function");
    const heapBefore = heapAfterGc();
    try {
      for (let n = 0; n < cases; n++) {
        // Subscriptions hold their answer open for minutes: their inputs are fuzzed, but not over a long wait.
        const operation = fuzz.pick(operations.filter((o) => o !== "SubscribeToShard"));
        const format = fuzz.r() < 0.5 ? "json" : "cbor";
        const contentType = format === "json" ? "application/x-amz-json-1.1" : "application/x-amz-cbor-1.1";
        const body = fuzz.body(operation, format);
        const headers = await signedHeaders(h.endpoint, `Kinesis_20131202.${operation}`, body, contentType);
        const answer = fuzz.r() < 0.5 ? await overHttp1(h.endpoint, headers, body, agent) : await http2Post(session, headers, body);
        const replay = `case ${n} of FUZZ_SEED=${seed}: ${operation} ${format} ${body.toString(format === "json" ? "utf8" : "hex").slice(0, 300)}`;
        if (answer.status >= 500) faults.push(`${answer.status} ${answer.body.toString("latin1").slice(0, 200)} for ${replay}`);
        if (answer.contentType !== contentType) faults.push(`content type ${answer.contentType} for ${replay}`);
        if (answer.status !== 200) {
          let decoded: Record<string, unknown> | undefined;
          try {
            decoded = (format === "json" ? JSON.parse(answer.body.toString()) : uncbor.decode(answer.body)) as Record<string, unknown>;
          } catch {
            decoded = undefined;
          }
          if (typeof decoded?.__type !== "string") faults.push(`not an AWS error body for ${replay}`);
        }
        if (faults.length >= 5) break;
      }
    } finally {
      agent.destroy();
      session.close();
    }
    expect(faults).toEqual([]);
    // Still serving, and every connection the fuzzing used is gone.
    const headers = await signedHeaders(h.endpoint, "Kinesis_20131202.ListStreams", "{}");
    const after = await overHttp1(h.endpoint, headers, Buffer.from("{}"), new http.Agent());
    expect(after.status).toBe(200);
    await waitFor("connections back to none", () => h.gateway.connectionCount() === 0, 10_000, 50);
    // And its memory back near where it began: nothing the inputs made is kept (caches are bounded).
    const grownMiB = (heapAfterGc() - heapBefore) / (1024 * 1024);
    expect(grownMiB, `heap grew ${grownMiB.toFixed(1)} MiB`).toBeLessThan(32);
  }, 600_000);
});
