/**
 * Calling a node: the failures every call can have, whatever carries it (gRPC
 * between processes, or a direct call inside one process), and the one
 * generic helper that makes typed unary calls over gRPC.
 */
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";

/**
 * - `unreachable`: the request certainly never reached the node (no
 *   connection), so nothing it asked for happened: safe to send elsewhere.
 * - `deadline`: no answer in time; the node may have done it.
 * - `failed`: the call broke in flight; the node may have done it.
 */
export type CallErrorKind = "unreachable" | "deadline" | "failed";

export class CallError extends Error {
  constructor(
    readonly kind: CallErrorKind,
    readonly address: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${address}: ${message}`, options);
    this.name = "CallError";
  }

  /** True when the node certainly did not receive the request. */
  get neverSent(): boolean {
    return this.kind === "unreachable";
  }
}

/** The CallError a failed gRPC call stands for. */
export function callErrorOf(address: string, err: grpc.ServiceError): CallError {
  if (err.code === grpc.status.UNAVAILABLE && /No connection established/.test(err.details ?? "")) return new CallError("unreachable", address, err.details, { cause: err });
  if (err.code === grpc.status.DEADLINE_EXCEEDED) return new CallError("deadline", address, err.details, { cause: err });
  return new CallError("failed", address, `${grpc.status[err.code] ?? err.code}: ${err.details}`, { cause: err });
}

/**
 * One unary call over a gRPC client, by its method definition (never by a
 * string name). Aborting `signal` cancels the call: it rejects as `failed`,
 * since the node may already have done what it asked.
 */
export function unary<Req, Res>(client: grpc.Client, address: string, method: MethodDefinition<object, object>, request: Req, timeoutMs: number, signal?: AbortSignal): Promise<Res> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CallError("unreachable", address, "abandoned before it was sent"));
    const cancel = () => call.cancel();
    const call = client.makeUnaryRequest(
      method.path,
      method.requestSerialize as (value: Req) => Buffer,
      method.responseDeserialize as (bytes: Buffer) => Res,
      request,
      { deadline: Date.now() + timeoutMs },
      (err, response) => {
        signal?.removeEventListener("abort", cancel);
        if (err) reject(err.code === grpc.status.CANCELLED && signal?.aborted ? new CallError("failed", address, "abandoned in flight", { cause: err }) : callErrorOf(address, err));
        else resolve(response as Res);
      },
    );
    signal?.addEventListener("abort", cancel, { once: true });
  });
}

/** A unary gRPC handler around an async function; `onError` hears of what should never happen: a throw. */
export function serveUnary<Req, Res>(rpc: string, fn: (request: Req) => Promise<Res>, onError: (err: unknown, rpc: string) => void): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => {
        onError(err, rpc);
        callback({ code: grpc.status.INTERNAL, details: "internal error" });
      },
    );
  };
}

/** A request and its answer through the wire format, as gRPC would carry them: what an in-process call hands over. */
export function throughWire<Req, ReqOut>(method: MethodDefinition<object, object>, request: Req): ReqOut {
  return method.requestDeserialize(method.requestSerialize(request as object)) as ReqOut;
}

export function answerThroughWire<Res, ResOut>(method: MethodDefinition<object, object>, response: Res): ResOut {
  return method.responseDeserialize(method.responseSerialize(response as object)) as ResOut;
}

/** Starts a timer; returns the function that cancels it. Real time in processes, simulated time in the simulator. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Resolves once a server stream can take more (drain), or the call is over (cancelled, closed, failed): never left waiting on a drain that cannot come. */
export function drainedOrGone(call: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const events = ["drain", "cancelled", "close", "error"] as const;
    const done = () => {
      for (const e of events) call.removeListener(e, done);
      resolve();
    };
    for (const e of events) call.once(e, done);
  });
}
