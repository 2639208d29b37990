/**
 * A lean Kinesis client for load generation: raw HTTP/1.1 keep-alive or one
 * HTTP/2 session, JSON bodies encoded before the phase starts, and each
 * body's SigV4 headers computed once and reused while they stay valid. It
 * does little per call beyond writing the bytes and reading the answer, so
 * on a 2-core machine the server, not the client library, is what a phase
 * measures.
 */
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { Agent, request } from "node:http";
import { connect } from "node:http2";
import type { ClientHttp2Session } from "node:http2";
import { clusterCredentials, waitFor } from "@tributary/testkit";
import type { Transport } from "./targets.js";

/** A signature stays valid for 5 minutes; re-sign well before. */
const resignAfterMs = 60_000;

export interface LeanAnswer {
  status: number;
  body: Buffer;
}

interface Signed {
  headers: Record<string, string>;
  at: number;
}

export class LeanClient {
  private readonly url: URL;
  private readonly signer = new SignatureV4({ credentials: clusterCredentials, region: "us-east-1", service: "kinesis", sha256: Hash.bind(null, "sha256") });
  /** Signed headers per pre-encoded body (bodies are reused, so this stays as small as the body pool). */
  private readonly signed = new WeakMap<Buffer, Signed>();
  private readonly agent: Agent | undefined;
  private session: ClientHttp2Session | undefined;

  constructor(
    endpoint: string,
    readonly transport: Transport,
    connections: number,
  ) {
    this.url = new URL(endpoint);
    if (transport === "h1") this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** A JSON body for `operation`, encoded once; pass the same Buffer to `call` as often as wanted. */
  static body(value: unknown): Buffer {
    return Buffer.from(JSON.stringify(value));
  }

  private async headersFor(operation: string, body: Buffer): Promise<Record<string, string>> {
    const cached = this.signed.get(body);
    if (cached && cached.at > Date.now() - resignAfterMs && cached.headers["x-amz-target"] === `Kinesis_20131202.${operation}`) return cached.headers;
    const signed = await this.signer.sign({
      method: "POST",
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: Number(this.url.port),
      path: "/",
      headers: { host: this.url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `Kinesis_20131202.${operation}`, "content-length": String(body.byteLength) },
      body,
    });
    const headers = signed.headers as Record<string, string>;
    this.signed.set(body, { headers, at: Date.now() });
    return headers;
  }

  /** One Kinesis call; rejects only if the connection fails (an AWS error is an answer with its status). */
  async call(operation: string, body: Buffer): Promise<LeanAnswer> {
    const headers = await this.headersFor(operation, body);
    return this.transport === "h1" ? this.callH1(headers, body) : this.callH2(headers, body);
  }

  private callH1(headers: Record<string, string>, body: Buffer): Promise<LeanAnswer> {
    return new Promise((resolve, reject) => {
      const req = request({ agent: this.agent, host: this.url.hostname, port: this.url.port, method: "POST", path: "/", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
      req.on("error", reject);
      req.end(body);
    });
  }

  private h2(): ClientHttp2Session {
    if (!this.session || this.session.closed || this.session.destroyed) {
      const session = connect(this.url.origin);
      session.on("error", () => undefined); // the calls on it fail with the error
      this.session = session;
    }
    return this.session;
  }

  private callH2(headers: Record<string, string>, body: Buffer): Promise<LeanAnswer> {
    return new Promise((resolve, reject) => {
      const { host, ...rest } = headers;
      const stream = this.h2().request({ ":method": "POST", ":path": "/", ":authority": host as string, ...rest });
      let status = 0;
      const chunks: Buffer[] = [];
      stream.setTimeout(30_000, () => stream.close());
      stream.on("response", (h) => (status = Number(h[":status"])));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve({ status, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }));
      stream.on("error", reject);
      stream.on("close", () => {
        if (status === 0) reject(new Error("stream closed without an answer"));
      });
      stream.end(body);
    });
  }

  /** A call that must succeed: the parsed JSON answer, or an error naming the AWS error. */
  async json<T>(operation: string, value: unknown): Promise<T> {
    const answer = await this.call(operation, LeanClient.body(value));
    const text = answer.body.toString("utf8");
    if (answer.status !== 200) throw new Error(`${operation}: ${answer.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Creates a stream and waits (up to 2 minutes) until it is ACTIVE. */
  async createStream(name: string, shardCount: number): Promise<void> {
    await this.json("CreateStream", { StreamName: name, ShardCount: shardCount });
    await waitFor(`${name} to be ACTIVE`, async () => (await this.json<{ StreamDescriptionSummary: { StreamStatus: string } }>("DescribeStreamSummary", { StreamName: name })).StreamDescriptionSummary.StreamStatus === "ACTIVE", 120_000, 50);
  }

  /** A PutRecords answer's FailedRecordCount, read from its JSON without parsing the whole body (it comes first). */
  static failedRecordCount(body: Buffer): number {
    const pattern = /"FailedRecordCount":(\d+)/;
    return Number(pattern.exec(body.toString("latin1", 0, 64))?.[1] ?? pattern.exec(body.toString("latin1"))?.[1] ?? 0);
  }

  close(): void {
    this.agent?.destroy();
    this.session?.close();
  }
}
