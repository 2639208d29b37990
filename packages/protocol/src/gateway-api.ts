/**
 * The API a node offers gateways (proto/gateway-api.proto), as two typed
 * sides: the handler a node implements, and the caller a gateway uses. A
 * caller reaches a handler over gRPC (between processes) or directly (an
 * in-memory cluster), and in both cases every request and answer passes
 * through the wire encoding, so the two behave alike.
 */
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type { SetTimer } from "./calls.js";
import { CallError, answerThroughWire, callErrorOf, serveUnary, throughWire, unary } from "./calls.js";
import { grpcChannelOptions } from "./channel.js";
import { api, serviceMethods } from "./definitions.js";
import type { AppendRequest, AppendRequest__Output } from "./generated/tributary/api/AppendRequest.js";
import type { AppendResponse, AppendResponse__Output } from "./generated/tributary/api/AppendResponse.js";
import type { GetCatalogRequest, GetCatalogRequest__Output } from "./generated/tributary/api/GetCatalogRequest.js";
import type { GetCatalogResponse, GetCatalogResponse__Output } from "./generated/tributary/api/GetCatalogResponse.js";
import type { ProposeCatalogRequest, ProposeCatalogRequest__Output } from "./generated/tributary/api/ProposeCatalogRequest.js";
import type { ProposeCatalogResponse, ProposeCatalogResponse__Output } from "./generated/tributary/api/ProposeCatalogResponse.js";
import type { ReadRequest, ReadRequest__Output } from "./generated/tributary/api/ReadRequest.js";
import type { ReadResponse, ReadResponse__Output } from "./generated/tributary/api/ReadResponse.js";
import type { RoutingTable, RoutingTable__Output } from "./generated/tributary/api/RoutingTable.js";
import type { SeekRequest, SeekRequest__Output } from "./generated/tributary/api/SeekRequest.js";
import type { SeekResponse, SeekResponse__Output } from "./generated/tributary/api/SeekResponse.js";
import type { SubscribeRequest, SubscribeRequest__Output } from "./generated/tributary/api/SubscribeRequest.js";
import type { SubscribeResponse, SubscribeResponse__Output } from "./generated/tributary/api/SubscribeResponse.js";

/** What a node does for gateways. A handler never throws: a failure is an answer. */
export interface GatewayApiHandler {
  append(request: AppendRequest__Output): Promise<AppendResponse>;
  read(request: ReadRequest__Output): Promise<ReadResponse>;
  seek(request: SeekRequest__Output): Promise<SeekResponse>;
  getCatalog(request: GetCatalogRequest__Output): Promise<GetCatalogResponse>;
  proposeCatalog(request: ProposeCatalogRequest__Output): Promise<ProposeCatalogResponse>;
  /** Calls `push` with the routing table now and after every change, until the returned function is called. */
  watchRouting(push: (table: RoutingTable) => void): () => void;
  /**
   * A shard's committed records from a position, as they are applied: a
   * batch at a time, the next one made only once the previous was taken (so
   * a slow subscriber costs one batch of memory), until `signal` aborts, the
   * shard's end was sent, or a failure.
   */
  subscribe(request: SubscribeRequest__Output, signal: AbortSignal): AsyncIterable<SubscribeResponse>;
}

/** How a gateway calls one node. Calls reject only with CallError. */
export interface GatewayApiCaller {
  readonly address: string;
  /** Aborting `signal` abandons the call (CallError `failed`: the records may have been stored). */
  append(request: AppendRequest, timeoutMs: number, signal?: AbortSignal): Promise<AppendResponse__Output>;
  read(request: ReadRequest, timeoutMs: number): Promise<ReadResponse__Output>;
  seek(request: SeekRequest, timeoutMs: number): Promise<SeekResponse__Output>;
  getCatalog(request: GetCatalogRequest, timeoutMs: number): Promise<GetCatalogResponse__Output>;
  proposeCatalog(request: ProposeCatalogRequest, timeoutMs: number): Promise<ProposeCatalogResponse__Output>;
  /** Receives routing tables until cancelled or the stream ends (`onEnd` once, with the error if any). */
  watchRouting(onTable: (table: RoutingTable__Output) => void, onEnd: (error?: Error) => void): { cancel(): void };
  /** The node's Subscribe stream; ends quietly once `signal` aborts, otherwise throws CallError if it breaks. Pulling drives it: an unread stream holds the node back. */
  subscribe(request: SubscribeRequest, signal: AbortSignal): AsyncIterable<SubscribeResponse__Output>;
  close(): void;
}

const methods = serviceMethods("tributary.api.GatewayApi");
const method = (name: "Append" | "Read" | "Seek" | "GetCatalog" | "ProposeCatalog" | "WatchRouting" | "Subscribe"): MethodDefinition<object, object> => methods[name] as MethodDefinition<object, object>;

/** The gRPC service definition to add to a server. */
export const gatewayApiDefinition = api.tributary.api.GatewayApi.service;

/** Serves a handler over gRPC. `onError` hears of what a handler should never do: throw. */
export function gatewayApiService(handler: GatewayApiHandler, onError: (err: unknown, rpc: string) => void): grpc.UntypedServiceImplementation {
  return {
    Append: serveUnary("Append", (req: AppendRequest__Output) => handler.append(req), onError),
    Read: serveUnary("Read", (req: ReadRequest__Output) => handler.read(req), onError),
    Seek: serveUnary("Seek", (req: SeekRequest__Output) => handler.seek(req), onError),
    GetCatalog: serveUnary("GetCatalog", (req: GetCatalogRequest__Output) => handler.getCatalog(req), onError),
    ProposeCatalog: serveUnary("ProposeCatalog", (req: ProposeCatalogRequest__Output) => handler.proposeCatalog(req), onError),
    WatchRouting: (call: grpc.ServerWritableStream<WatchRoutingRequestOut, RoutingTable>) => {
      const stop = handler.watchRouting((table) => {
        if (!call.cancelled && !call.destroyed) call.write(table);
      });
      call.on("cancelled", stop);
      call.on("close", stop);
      call.on("error", stop);
    },
    Subscribe: (call: grpc.ServerWritableStream<SubscribeRequest__Output, SubscribeResponse>) => {
      const abort = new AbortController();
      const stop = () => abort.abort();
      call.on("cancelled", stop);
      call.on("close", stop);
      call.on("error", stop);
      void (async () => {
        try {
          for await (const res of handler.subscribe(call.request, abort.signal)) {
            if (abort.signal.aborted) return;
            if (!call.write(res)) {
              await new Promise<void>((resolve) => {
                const done = () => {
                  call.removeListener("drain", done);
                  abort.signal.removeEventListener("abort", done);
                  resolve();
                };
                call.once("drain", done);
                abort.signal.addEventListener("abort", done, { once: true });
              });
            }
          }
          if (!abort.signal.aborted) call.end();
        } catch (err) {
          onError(err, "Subscribe");
          // Ends the call with a status the caller sees (destroying it would leave the caller waiting).
          call.emit("error", { code: grpc.status.INTERNAL, details: (err as Error).message });
        }
      })();
    },
  };
}

type WatchRoutingRequestOut = Record<string, never>;

/** A caller over gRPC to the node at `address`. */
export function grpcGatewayApiCaller(address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()): GatewayApiCaller {
  const client = new api.tributary.api.GatewayApi(address, credentials, grpcChannelOptions);
  return {
    address,
    append: (req, ms, signal) => unary(client, address, method("Append"), req, ms, signal),
    read: (req, ms) => unary(client, address, method("Read"), req, ms),
    seek: (req, ms) => unary(client, address, method("Seek"), req, ms),
    getCatalog: (req, ms) => unary(client, address, method("GetCatalog"), req, ms),
    proposeCatalog: (req, ms) => unary(client, address, method("ProposeCatalog"), req, ms),
    watchRouting(onTable, onEnd) {
      const stream = client.watchRouting({});
      let ended = false;
      const end = (err?: Error) => {
        if (ended) return;
        ended = true;
        onEnd(err);
      };
      stream.on("data", onTable);
      stream.on("error", (err: grpc.ServiceError) => end(err));
      stream.on("end", () => end());
      return {
        cancel() {
          ended = true;
          stream.cancel();
        },
      };
    },
    async *subscribe(request, signal) {
      if (signal.aborted) return;
      const call = client.subscribe(request) as grpc.ClientReadableStream<SubscribeResponse__Output>;
      const cancel = () => call.cancel();
      signal.addEventListener("abort", cancel, { once: true });
      try {
        for await (const res of call as AsyncIterable<SubscribeResponse__Output>) {
          if (signal.aborted) return;
          yield res;
        }
      } catch (err) {
        if (signal.aborted) return;
        throw callErrorOf(address, err as grpc.ServiceError);
      } finally {
        signal.removeEventListener("abort", cancel);
        call.cancel();
      }
    },
    close: () => client.close(),
  };
}

/**
 * A caller that hands requests to a handler in this process, through the wire
 * encoding. `handler()` is undefined while the node is down or cut off: calls
 * then fail as `unreachable`, and an open routing watch ends.
 */
export function inProcessGatewayApiCaller(address: string, handler: () => GatewayApiHandler | undefined, setTimer: SetTimer): GatewayApiCaller {
  function call<Req, ReqOut, Res, ResOut>(name: Parameters<typeof method>[0], fn: (h: GatewayApiHandler, req: ReqOut) => Promise<Res>) {
    return (request: Req, timeoutMs: number, signal?: AbortSignal): Promise<ResOut> => inProcessUnary(address, method(name), request, timeoutMs, handler, fn, setTimer, signal);
  }
  return {
    address,
    append: call("Append", (h, req: AppendRequest__Output) => h.append(req)),
    read: call("Read", (h, req: ReadRequest__Output) => h.read(req)),
    seek: call("Seek", (h, req: SeekRequest__Output) => h.seek(req)),
    getCatalog: call("GetCatalog", (h, req: GetCatalogRequest__Output) => h.getCatalog(req)),
    proposeCatalog: call("ProposeCatalog", (h, req: ProposeCatalogRequest__Output) => h.proposeCatalog(req)),
    watchRouting(onTable, onEnd) {
      const h = handler();
      let stopped = false;
      if (!h) {
        queueMicrotask(() => onEnd(new CallError("unreachable", address, "node is down")));
        return { cancel: () => undefined };
      }
      const watch = method("WatchRouting");
      const stop = h.watchRouting((table) => {
        if (stopped) return;
        if (handler() !== h) {
          // The node went down or was cut off since the watch began: the stream breaks.
          stopped = true;
          stop();
          onEnd(new CallError("failed", address, "the routing stream broke"));
          return;
        }
        onTable(answerThroughWire(watch, table));
      });
      return {
        cancel() {
          stopped = true;
          stop();
        },
      };
    },
    async *subscribe(request, signal) {
      const h = handler();
      if (!h) throw new CallError("unreachable", address, "node is down or cut off");
      const m = method("Subscribe");
      await Promise.resolve(); // as over a network, nothing arrives within the caller's own turn
      try {
        for await (const res of h.subscribe(throughWire<SubscribeRequest, SubscribeRequest__Output>(m, request), signal)) {
          if (signal.aborted) return;
          if (handler() !== h) throw new CallError("failed", address, "the node went down or was cut off mid-stream");
          yield answerThroughWire<SubscribeResponse, SubscribeResponse__Output>(m, res);
        }
      } catch (err) {
        if (err instanceof CallError) throw err;
        throw new CallError("failed", address, (err as Error).message, { cause: err });
      }
    },
    close: () => undefined,
  };
}

/** One in-process unary call: reachable check, wire round trip, deadline, abandonment by `signal`. */
export async function inProcessUnary<H, Req, ReqOut, Res, ResOut>(
  address: string,
  m: MethodDefinition<object, object>,
  request: Req,
  timeoutMs: number,
  handler: () => H | undefined,
  fn: (h: H, req: ReqOut) => Promise<Res>,
  setTimer: SetTimer,
  signal?: AbortSignal,
): Promise<ResOut> {
  const h = handler();
  if (!h) throw new CallError("unreachable", address, "node is down or cut off");
  if (signal?.aborted) throw new CallError("unreachable", address, "abandoned before it was sent");
  const req = throughWire<Req, ReqOut>(m, request);
  await Promise.resolve(); // never answer within the caller's own turn, as a network would not
  return new Promise<ResOut>((resolve, reject) => {
    let done = false;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      cancel();
      signal?.removeEventListener("abort", abandon);
      return true;
    };
    const abandon = () => finish() && reject(new CallError("failed", address, "abandoned in flight"));
    const cancel = setTimer(() => finish() && reject(new CallError("deadline", address, `no answer within ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener("abort", abandon, { once: true });
    fn(h, req).then(
      (res) => {
        if (!finish()) return;
        if (handler() !== h) reject(new CallError("failed", address, "the node went down before answering"));
        else resolve(answerThroughWire<Res, ResOut>(m, res));
      },
      (err: unknown) => finish() && reject(new CallError("failed", address, `internal error: ${(err as Error).message}`)),
    );
  });
}
