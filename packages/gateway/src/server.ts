/**
 * One port for every transport a Kinesis client uses: HTTP/1.1, cleartext
 * HTTP/2 with prior knowledge (what the JavaScript SDK v3 and the Java SDK
 * v2 speak to http:// endpoints), and, when a certificate is configured, TLS
 * with ALPN (h2 and http/1.1). The first bytes of a connection tell them
 * apart: the HTTP/2 preface starts "PRI ", a TLS handshake starts 0x16.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { Logger } from "pino";
import { KinesisError, internalFailure, serialization, unknownOperation } from "./errors.js";
import type { FrameSink } from "./event-stream.js";
import { EVENT_STREAM_CONTENT_TYPE, EventStreamReply } from "./event-stream.js";
import type { Action, ActionContext } from "./actions/index.js";
import { actions } from "./actions/index.js";
import * as limits from "./limits.js";
import { model, TARGET_PREFIX } from "./model.js";
import type { Format } from "./protocol.js";
import { CONTENT_TYPES, decodeBody, encodeError, encodeOutput, formatOf } from "./protocol.js";
import { validateInput } from "./validation.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
}

export class GatewayServer {
  private readonly net: net.Server;
  private readonly h1: http.Server;
  private readonly h2: http2.Http2Server;
  private readonly tls: http2.Http2SecureServer | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly context: ActionContext,
    private readonly log: Logger,
    private readonly options: ServerOptions,
  ) {
    const handler = (req: Request, res: Response) => void this.handle(req, res);
    this.h1 = http.createServer({ keepAliveTimeout: 60_000 }, handler);
    this.h2 = http2.createServer({ maxSessionMemory: 64 }, handler);
    this.tls = options.tls ? http2.createSecureServer({ ...options.tls, allowHTTP1: true }, handler) : undefined;
    this.net = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
      socket.once("data", (first: Buffer) => {
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
      socket.on("error", () => socket.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.net.once("error", reject);
      this.net.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.net.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.net.close(() => resolve()));
  }

  private async handle(req: Request, res: Response): Promise<void> {
    // The client may go away while the action is still working: an event stream must know.
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    const requestId = randomUUID();
    const format: Format = formatOf(header(req, "content-type"));
    const started = Date.now();
    let operation = "";
    let outcome = "ok";
    const metrics = this.context.metrics;
    metrics.inFlight.inc();
    try {
      const target = header(req, "x-amz-target") ?? "";
      const dot = target.lastIndexOf(".");
      operation = dot > 0 && target.slice(0, dot) === TARGET_PREFIX ? target.slice(dot + 1) : "";
      // Looked up as own properties only: a target such as "constructor" names no operation.
      const known = Object.hasOwn(actions, operation) && Object.hasOwn(model.operations, operation);
      const action: Action | undefined = known ? (actions as Record<string, Action>)[operation] : undefined;
      const op = known ? model.operations[operation] : undefined;
      if (req.method !== "POST" || !action || !op) throw unknownOperation();
      const body = await readBody(req, limits.requestBodyBytesMax);
      const input = validateInput(op.input, decodeBody(format, body));
      const output = await action(this.context, input);
      if (output instanceof EventStreamReply) await streamEvents(res, requestId, format, output, gone.signal);
      else send(res, 200, requestId, format, encodeOutput(op.output, output, format));
    } catch (err) {
      if (err instanceof ClientGoneError) {
        // Nothing to answer and nothing wrong here: the client left mid-request.
        outcome = "ClientGone";
        this.log.debug({ operation, requestId }, "the client went away before its request was read");
        return;
      }
      const kinesis = err instanceof KinesisError ? err : internalFailure();
      outcome = kinesis.type;
      if (!(err instanceof KinesisError)) this.log.error({ err, operation, requestId }, "unexpected error in a request");
      send(res, kinesis.status, requestId, format, encodeError(kinesis, format));
    } finally {
      // Only the model's operation names become labels: unknown targets are one label, so a client cannot grow the registry.
      const label = Object.hasOwn(model.operations, operation) ? operation : "unknown";
      metrics.inFlight.dec();
      metrics.requests.inc({ operation: label, outcome });
      metrics.requestSeconds.observe({ operation: label }, (Date.now() - started) / 1000);
      this.log.debug({ operation, requestId, ms: Date.now() - started }, "request");
    }
  }
}

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request ids AWS puts on every answer: x-amzn-RequestId, and x-amz-id-2 (an opaque extended id). */
function requestIdHeaders(requestId: string): Record<string, string> {
  return { "x-amzn-requestid": requestId, "x-amz-id-2": randomBytes(48).toString("base64") };
}

function send(res: Response, status: number, requestId: string, format: Format, body: Buffer): void {
  if (res.headersSent || (res as { destroyed?: boolean }).destroyed) return;
  res.writeHead(status, { "content-type": CONTENT_TYPES[format], "content-length": String(body.byteLength), ...requestIdHeaders(requestId) });
  res.end(body);
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

/** Reads the body, refusing (before buffering it) one larger than `max` bytes. */
function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(header(req, "content-length") ?? "0");
  if (declared > max) return Promise.reject(tooLarge(max));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        req.removeAllListeners("data");
        reject(tooLarge(max));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    // A client that disconnects mid-body: the request is aborted, or its stream errors (reset, closed).
    req.on("aborted", () => reject(new ClientGoneError()));
    req.on("error", () => reject(new ClientGoneError()));
  });
}

/** The client disconnected before its request body was read. */
class ClientGoneError extends Error {
  constructor() {
    super("the client went away mid-request");
    this.name = "ClientGoneError";
  }
}

const tooLarge = (max: number) => {
  const err = serialization(`Request body larger than ${max} bytes`);
  return new KinesisError(err.type, err.message, 413);
};
