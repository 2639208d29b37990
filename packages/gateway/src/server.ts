/**
 * One port for every transport a Kinesis client uses: HTTP/1.1, cleartext
 * HTTP/2 with prior knowledge (what the JavaScript SDK v3 and the Java SDK
 * v2 speak to http:// endpoints), and, when a certificate is configured, TLS
 * with ALPN (h2 and http/1.1). The first bytes of a connection tell them
 * apart: the HTTP/2 preface starts "PRI ", a TLS handshake starts 0x16.
 *
 * Every connection is bounded: in number, in time to first byte, headers,
 * body and idleness, in HTTP/2 streams, and in how long an unread answer is
 * kept (limits.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import tls from "node:tls";
import type { Logger } from "pino";
import { KinesisError, internalFailure, serialization, unknownOperation } from "./errors.js";
import type { FrameSink } from "./event-stream.js";
import { EVENT_STREAM_CONTENT_TYPE, EventStreamReply } from "./event-stream.js";
import type { Action, ActionContext } from "./actions/index.js";
import { actions } from "./actions/index.js";
import * as limits from "./limits.js";
import { model, TARGET_PREFIX } from "./model.js";
import type { Format } from "./protocol.js";
import { CONTENT_TYPES, decodeBody, encodeError, encodeOutput } from "./protocol.js";
import type { RawAnswer } from "./envelope.js";
import { answerBeforeOperation, corsHeaders, emptyBodyFormat, encodingOf } from "./envelope.js";
import type { Authentication } from "./signature.js";
import { RequestAuthenticator } from "./signature.js";
import { validateInput } from "./validation.js";
import { parseConsumerArn } from "./consumers.js";
import { deniedByPolicy } from "./resource-policy.js";
import { parseStreamArn } from "./streams.js";
import { checkToken } from "./actions/context.js";
import type { IteratorPosition } from "./tokens.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

export type HttpTimeouts = typeof limits.httpTimeoutsDefault;

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  /** Timeouts (default limits.httpTimeoutsDefault); tests shorten them. */
  readonly timeouts?: Partial<HttpTimeouts>;
  /** Connections held at once (default limits.connectionsMax). */
  readonly connectionsMax?: number;
  /** Request body bytes held at once across all requests (default limits.requestBodyBytesInFlightMax). */
  readonly bodyBytesInFlightMax?: number;
  /** How request signatures are checked. */
  readonly auth: Authentication;
}

export class GatewayServer {
  private readonly net: net.Server;
  private readonly h1: http.Server;
  private readonly h2: http2.Http2Server;
  private readonly tls: http2.Http2SecureServer | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly timeouts: HttpTimeouts;
  private readonly authenticator: RequestAuthenticator;
  /** Request body bytes held now, across all requests (read, or being served). */
  private readonly bodies: BodyBudget;

  constructor(
    private readonly context: ActionContext,
    private readonly log: Logger,
    private readonly options: ServerOptions,
  ) {
    const t = (this.timeouts = { ...limits.httpTimeoutsDefault, ...options.timeouts });
    this.authenticator = new RequestAuthenticator(options.auth);
    this.bodies = new BodyBudget(options.bodyBytesInFlightMax ?? limits.requestBodyBytesInFlightMax);
    const handler = (req: Request, res: Response) => void this.handle(req, res);
    // HTTP/1.1: Node's own header and request timeouts (a 408, then the
    // connection closes) and the keep-alive timeout for idle connections.
    const checks = { headersTimeout: t.headersTimeoutMs, requestTimeout: t.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, t.headersTimeoutMs) };
    this.h1 = http.createServer({ keepAliveTimeout: t.idleTimeoutMs, ...checks }, handler);
    // HTTP/2: a bounded number of concurrent streams, and sessions closed when idle.
    const h2Options = { maxSessionMemory: 64, settings: { maxConcurrentStreams: limits.http2StreamsPerConnectionMax } };
    this.h2 = http2.createServer(h2Options, handler);
    // TLS: HTTP/2 or HTTP/1.1 by ALPN, with the same bounds (the handshake must finish as soon as a first byte must come).
    this.tls = options.tls ? http2.createSecureServer({ ...h2Options, ...options.tls, allowHTTP1: true, handshakeTimeout: t.firstByteTimeoutMs }, handler) : undefined;
    if (this.tls) {
      Object.assign(this.tls, checks); // HTTP/1.1 over TLS: the same checks as cleartext
      this.tls.on("secureConnection", (socket: tls.TLSSocket) => {
        if (socket.alpnProtocol !== "h2") socket.setTimeout(t.idleTimeoutMs, () => socket.destroy());
      });
    }
    for (const server of [this.h2, this.tls]) server?.on("session", (session) => session.setTimeout(t.idleTimeoutMs, () => session.destroy()));
    // These servers never listen themselves (the socket below is handed to
    // them); "listening" starts Node's checks of HTTP/1.1 header and request timeouts.
    this.h1.emit("listening");
    this.tls?.emit("listening");
    // Nagle's algorithm off, as Node's own HTTP servers have it: an answer written in two pieces
    // would otherwise wait for the client's delayed ACK (tens of milliseconds) between them.
    this.net = net.createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      // A connection that sends nothing is closed; once it has spoken, its protocol's timeouts govern it.
      socket.setTimeout(t.firstByteTimeoutMs, () => socket.destroy());
      socket.once("data", (first: Buffer) => {
        socket.setTimeout(0);
        socket.pause();
        socket.unshift(first);
        // HTTP/2 and TLS take over the socket and read what was put back
        // themselves; resuming it here would hand those bytes to nobody.
        if (first[0] === 0x16 && this.tls) this.tls.emit("connection", socket);
        else if (first.subarray(0, 4).toString("latin1") === "PRI ") this.h2.emit("connection", socket);
        else {
          this.h1.emit("connection", socket);
          socket.resume();
        }
      });
    });
    this.net.maxConnections = options.connectionsMax ?? limits.connectionsMax;
  }

  /** Client connections open now (for tests and operators: descriptors held). */
  connectionCount(): number {
    return this.sockets.size;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.net.once("error", reject);
      this.net.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.net.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    this.h1.close();
    this.tls?.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.net.close(() => resolve()));
  }

  private async handle(req: Request, res: Response): Promise<void> {
    // The client may go away while the action is still working: an event stream must know.
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    const requestId = randomUUID();
    const encoding = encodingOf(header(req, "content-type"));
    let format: Format = encoding === "cbor" ? "cbor" : "json";
    const method = req.method ?? "";
    for (const [name, value] of Object.entries(corsHeaders(req.headers, method))) res.setHeader(name, value);
    const started = Date.now();
    let operation = "";
    let outcome = "ok";
    const metrics = this.context.metrics;
    metrics.inFlight.inc();
    const held = { bytes: 0 };
    try {
      const target = header(req, "x-amz-target") ?? "";
      const dot = target.lastIndexOf(".");
      operation = dot > 0 && target.slice(0, dot) === TARGET_PREFIX ? target.slice(dot + 1) : "";
      // Looked up as own properties only: a target such as "constructor" names no operation.
      const known = Object.hasOwn(actions, operation) && Object.hasOwn(model.operations, operation);
      const action: Action | undefined = known ? (actions as Record<string, Action>)[operation] : undefined;
      const op = known ? model.operations[operation] : undefined;
      // The body is read before any answer, error or not: an HTTP/2 client
      // still sending it would otherwise see its stream reset, not the error.
      const body = await readBody(req, limits.requestBodyBytesMax, this.timeouts.requestTimeoutMs, this.bodies, held);
      const early = answerBeforeOperation(method, req.headers.origin !== undefined, encoding, dot > 0 && dot < target.length - 1, body);
      if (early) {
        outcome = early.status === 200 ? "ok" : `status ${early.status}`;
        this.sendRaw(res, requestId, early);
        return;
      }
      if (body.byteLength === 0) {
        format = emptyBodyFormat(encoding);
        throw action && op ? serialization() : unknownOperation();
      }
      if (!action || !op) throw unknownOperation();
      const decoded = decodeBody(format, body);
      const accessKeyId = await this.authenticator.verify({ method, url: req.url ?? "/", headers: req.headers, body }, Date.now());
      const input = validateInput(op.input, decoded);
      this.authenticator.authorize(accessKeyId, operation, resourceOf(input));
      await this.checkResourcePolicies(accessKeyId, operation, input);
      const output = await action(this.context, input);
      if (output instanceof EventStreamReply) await streamEvents(res, requestId, format, output, gone.signal);
      else this.send(res, 200, requestId, format, encodeOutput(op.output, output, format));
    } catch (err) {
      if (err instanceof ClientGoneError) {
        // Nothing to answer and nothing wrong here: the client left mid-request, or sent its body too slowly.
        outcome = "ClientGone";
        this.log.debug({ operation, requestId, reason: err.message }, "no answer: the request was not received whole");
        res.destroy();
        return;
      }
      const kinesis = err instanceof KinesisError ? err : internalFailure();
      outcome = kinesis.type;
      if (!(err instanceof KinesisError)) this.log.error({ err, operation, requestId }, "unexpected error in a request");
      // A body refused (for its size, or the gateway's body budget) is not read on: HTTP/1.1 closes the
      // connection after the answer, HTTP/2 resets the stream (as Node does
      // for a response finished before its request).
      if (err instanceof BodyRefusedError && res instanceof http.ServerResponse) res.setHeader("connection", "close");
      this.send(res, kinesis.status, requestId, format, encodeError(kinesis, format));
    } finally {
      // Only the model's operation names become labels: unknown targets are one label, so a client cannot grow the registry.
      const label = Object.hasOwn(model.operations, operation) ? operation : "unknown";
      metrics.inFlight.dec();
      this.bodies.release(held.bytes);
      metrics.requests.inc({ operation: label, outcome });
      metrics.requestSeconds.observe({ operation: label }, (Date.now() - started) / 1000);
      this.log.debug({ operation, requestId, ms: Date.now() - started }, "request");
    }
  }

  /** Refuses a call that a Deny statement of the named stream's or consumer's resource policy matches (resource-policy.ts). */
  private async checkResourcePolicies(accessKeyId: string, operation: string, input: Record<string, unknown>): Promise<void> {
    const catalog = await this.context.cluster.catalog();
    // Computed once per catalog: without any policy, nothing to find (and no iterator to decode twice).
    if (!catalog.hasResourcePolicies) return;
    let streamName: string | undefined;
    let consumerArn: string | undefined;
    const arn = [input.ConsumerARN, input.ResourceARN, input.StreamARN].find((a) => typeof a === "string") as string | undefined;
    if (arn !== undefined) {
      const consumer = parseConsumerArn(arn);
      streamName = consumer?.stream ?? parseStreamArn(arn)?.name;
      if (consumer) consumerArn = arn;
    } else if (typeof input.StreamName === "string") {
      streamName = input.StreamName;
    } else if (typeof input.ShardIterator === "string") {
      const { check } = await checkToken<IteratorPosition>(this.context, "iterator", input.ShardIterator, limits.iteratorLifetimeMs);
      if (check.ok) streamName = check.body.stream;
    } else if (operation === "ListShards" && typeof input.NextToken === "string") {
      // A later page of ListShards names its stream only in its token.
      const { check } = await checkToken<{ stream: string }>(this.context, "list-shards", input.NextToken, limits.nextTokenLifetimeMs);
      if (check.ok) streamName = check.body.stream;
    }
    const stream = streamName === undefined ? undefined : catalog.streams.get(streamName);
    if (!stream) return;
    // A consumer is named by its ARN, or by StreamARN and ConsumerName.
    const consumer = consumerArn !== undefined ? stream.consumers.find((c) => c.arn === consumerArn) : typeof input.ConsumerName === "string" ? stream.consumers.find((c) => c.name === input.ConsumerName) : undefined;
    const policy = consumer ? consumer.resourcePolicy : stream.resourcePolicy;
    const resource = consumer ? consumer.arn : stream.arn;
    if (deniedByPolicy(policy, accessKeyId, catalog.accountId, operation, resource)) {
      throw new KinesisError("AccessDeniedException", `User: arn:aws:iam::${catalog.accountId}:user/${accessKeyId} is not authorized to perform: kinesis:${operation} on resource: ${resource} with an explicit deny in a resource-based policy`);
    }
  }

  /** Answers as is (what AWS answers before the operation: see envelope.ts). */
  private sendRaw(res: Response, requestId: string, answer: RawAnswer): void {
    if (res.headersSent || (res as { destroyed?: boolean }).destroyed) return;
    const headers: Record<string, string> = { "content-length": String(answer.body.byteLength), ...requestIdHeaders(requestId) };
    if (answer.contentType) headers["content-type"] = answer.contentType;
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  /** Answers, and drops the answer with its stream or connection if the client has not read it in time. */
  private send(res: Response, status: number, requestId: string, format: Format, body: Buffer): void {
    if (res.headersSent || (res as { destroyed?: boolean }).destroyed) return;
    res.writeHead(status, { "content-type": CONTENT_TYPES[format], "content-length": String(body.byteLength), ...requestIdHeaders(requestId) });
    const unread = setTimeout(() => res.destroy(), this.timeouts.responseTimeoutMs);
    res.once("close", () => clearTimeout(unread));
    res.end(body);
  }
}

/** The resource a call names, for AccessDeniedException's message. */
function resourceOf(input: Record<string, unknown>): string {
  for (const member of ["StreamARN", "ConsumerARN", "ResourceARN"]) if (typeof input[member] === "string") return input[member];
  return typeof input.StreamName === "string" ? `stream/${input.StreamName}` : "*";
}

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request ids AWS puts on every answer: x-amzn-RequestId, and x-amz-id-2 (an opaque extended id). */
function requestIdHeaders(requestId: string): Record<string, string> {
  return { "x-amzn-requestid": requestId, "x-amz-id-2": randomBytes(48).toString("base64") };
}


/**
 * Answers with an event stream: the head at once, then frames as the reply
 * writes them, at the client's pace. `gone` aborts when the client leaves.
 */
async function streamEvents(res: Response, requestId: string, format: Format, reply: EventStreamReply, gone: AbortSignal): Promise<void> {
  const sink: FrameSink = {
    format,
    gone,
    write(frame, stop) {
      if (gone.aborted) return Promise.resolve(false);
      if ((res as http.ServerResponse).write(frame) || !stop) return Promise.resolve(true);
      if (stop.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        const finish = (ok: boolean) => {
          res.removeListener("drain", drained);
          gone.removeEventListener("abort", left);
          stop.removeEventListener("abort", left);
          resolve(ok);
        };
        const drained = () => finish(true);
        const left = () => finish(false);
        res.once("drain", drained);
        gone.addEventListener("abort", left, { once: true });
        stop.addEventListener("abort", left, { once: true });
      });
    },
  };
  if (gone.aborted) return reply.run(sink); // it finds the client gone, and releases what it holds
  res.writeHead(200, { "content-type": EVENT_STREAM_CONTENT_TYPE, ...requestIdHeaders(requestId) });
  try {
    await reply.run(sink);
  } finally {
    if (!gone.aborted) res.end();
  }
}

/**
 * Reads the body, refusing (before buffering it) one larger than `max` bytes,
 * and giving up on one not received whole within `timeoutMs`.
 */
function readBody(req: Request, max: number, timeoutMs: number, budget: BodyBudget, held: { bytes: number }): Promise<Buffer> {
  const declared = Number(header(req, "content-length") ?? "0");
  if (declared > max) return Promise.reject(new BodyTooLargeError(max));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const late = setTimeout(() => reject(new ClientGoneError("the request body did not arrive in time")), timeoutMs);
    const done = () => clearTimeout(late);
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (!budget.take(chunk.byteLength)) {
        req.removeAllListeners("data");
        req.pause();
        done();
        reject(new BodyRefusedError("ServiceUnavailable", "The service is receiving more request data than it holds at once; retry the request.", 503));
        return;
      }
      held.bytes += chunk.byteLength;
      if (size > max) {
        req.removeAllListeners("data");
        req.pause();
        done();
        reject(new BodyTooLargeError(max));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      done();
      resolve(Buffer.concat(chunks));
    });
    // Closed before its end (a stream reset, a socket gone): the body will not come. (After "end", this changes nothing.)
    req.on("close", () => {
      done();
      reject(new ClientGoneError());
    });
    // A client that disconnects mid-body: the request is aborted, or its stream errors (reset, closed).
    req.on("aborted", () => reject(new ClientGoneError()));
    req.on("error", () => reject(new ClientGoneError()));
  });
}

/** The client disconnected before its request body was read. */
class ClientGoneError extends Error {
  constructor(message = "the client went away mid-request") {
    super(message);
    this.name = "ClientGoneError";
  }
}

/** A body the gateway stops reading: answered, and then not read on. */
class BodyRefusedError extends KinesisError {}

/** A body larger than the gateway reads: a SerializationException with status 413. */
class BodyTooLargeError extends BodyRefusedError {
  constructor(max: number) {
    super(serialization().type, `Request body larger than ${max} bytes`, 413);
  }
}

/**
 * The request body bytes the gateway holds at once, across all requests: a
 * request whose body would pass the bound is answered 503 (retried by the
 * SDKs) rather than buffered, so many slow or large bodies cannot exhaust
 * memory. Bytes are held from arrival until the request is answered.
 */
class BodyBudget {
  private held = 0;

  constructor(private readonly max: number) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.max) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }
}
