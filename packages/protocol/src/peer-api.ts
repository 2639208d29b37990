/**
 * The API nodes offer each other and operators' tools
 * (proto/peer-api.proto): the handler a node implements and the caller that
 * reaches it, over gRPC or in process (through the wire encoding).
 */
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type { SetTimer } from "./calls.js";
import { CallError, answerThroughWire, callErrorOf, drainedOrGone, serveUnary, throughWire, unary } from "./calls.js";
import * as limits from "./limits.js";
import { grpcChannelOptions } from "./channel.js";
import { api, serviceMethods } from "./definitions.js";
import { inProcessUnary } from "./gateway-api.js";
import type { FetchLogChunk, FetchLogChunk__Output } from "./generated/tributary/api/FetchLogChunk.js";
import type { FetchLogRequest, FetchLogRequest__Output } from "./generated/tributary/api/FetchLogRequest.js";
import type { HelloRequest, HelloRequest__Output } from "./generated/tributary/api/HelloRequest.js";
import type { HelloResponse, HelloResponse__Output } from "./generated/tributary/api/HelloResponse.js";
import type { JoinRequest, JoinRequest__Output } from "./generated/tributary/api/JoinRequest.js";
import type { JoinResponse, JoinResponse__Output } from "./generated/tributary/api/JoinResponse.js";
import type { NodeStatus, NodeStatus__Output } from "./generated/tributary/api/NodeStatus.js";
import type { SealRequest, SealRequest__Output } from "./generated/tributary/api/SealRequest.js";
import type { SealResponse, SealResponse__Output } from "./generated/tributary/api/SealResponse.js";
import type { StatusRequest, StatusRequest__Output } from "./generated/tributary/api/StatusRequest.js";
import type { TransferLeaderRequest, TransferLeaderRequest__Output } from "./generated/tributary/api/TransferLeaderRequest.js";
import type { TransferLeaderResponse, TransferLeaderResponse__Output } from "./generated/tributary/api/TransferLeaderResponse.js";
import type { DrainRequest, DrainRequest__Output } from "./generated/tributary/api/DrainRequest.js";
import type { DrainResponse, DrainResponse__Output } from "./generated/tributary/api/DrainResponse.js";
import type { CompactRequest, CompactRequest__Output } from "./generated/tributary/api/CompactRequest.js";
import type { CompactResponse, CompactResponse__Output } from "./generated/tributary/api/CompactResponse.js";

/** What a node does for its peers and for tools. A handler never throws: a failure is an answer. */
export interface PeerApiHandler {
  hello(request: HelloRequest__Output): Promise<HelloResponse>;
  join(request: JoinRequest__Output): Promise<JoinResponse>;
  /** Stored entries of a group, in chunks (may throw: the stream then fails). */
  fetchLog(request: FetchLogRequest__Output): AsyncIterable<FetchLogChunk>;
  /** Seals a shard this node leads (the meta leader asks, for a split or merge). */
  seal(request: SealRequest__Output): Promise<SealResponse>;
  status(request: StatusRequest__Output): Promise<NodeStatus>;
  /** Operators: moves a group's leadership from this node (its leader) to another. */
  transferLeader(request: TransferLeaderRequest__Output): Promise<TransferLeaderResponse>;
  /** Operators: drains this node (or undrains it). */
  drain(request: DrainRequest__Output): Promise<DrainResponse>;
  /** Operators: compacts every group's log on this node now. */
  compact(request: CompactRequest__Output): Promise<CompactResponse>;
}

/** How a peer or a tool calls one node. Calls reject only with CallError. */
export interface PeerApiCaller {
  readonly address: string;
  hello(request: HelloRequest, timeoutMs: number): Promise<HelloResponse__Output>;
  join(request: JoinRequest, timeoutMs: number): Promise<JoinResponse__Output>;
  fetchLog(request: FetchLogRequest): AsyncIterable<FetchLogChunk__Output>;
  seal(request: SealRequest, timeoutMs: number): Promise<SealResponse__Output>;
  status(request: StatusRequest, timeoutMs: number): Promise<NodeStatus__Output>;
  transferLeader(request: TransferLeaderRequest, timeoutMs: number): Promise<TransferLeaderResponse__Output>;
  drain(request: DrainRequest, timeoutMs: number): Promise<DrainResponse__Output>;
  compact(request: CompactRequest, timeoutMs: number): Promise<CompactResponse__Output>;
  close(): void;
}

const methods = serviceMethods("tributary.api.PeerApi");
const method = (name: "Hello" | "Join" | "FetchLog" | "Seal" | "Status" | "TransferLeader" | "Drain" | "Compact"): MethodDefinition<object, object> => methods[name] as MethodDefinition<object, object>;

export const peerApiDefinition = api.tributary.api.PeerApi.service;

export function peerApiService(handler: PeerApiHandler, onError: (err: unknown, rpc: string) => void): grpc.UntypedServiceImplementation {
  return {
    Hello: serveUnary("Hello", (req: HelloRequest__Output) => handler.hello(req), onError),
    Join: serveUnary("Join", (req: JoinRequest__Output) => handler.join(req), onError),
    Seal: serveUnary("Seal", (req: SealRequest__Output) => handler.seal(req), onError),
    Status: serveUnary("Status", (req: StatusRequest__Output) => handler.status(req), onError),
    TransferLeader: serveUnary("TransferLeader", (req: TransferLeaderRequest__Output) => handler.transferLeader(req), onError),
    Drain: serveUnary("Drain", (req: DrainRequest__Output) => handler.drain(req), onError),
    Compact: serveUnary("Compact", (req: CompactRequest__Output) => handler.compact(req), onError),
    FetchLog: (call: grpc.ServerWritableStream<FetchLogRequest__Output, FetchLogChunk>) => {
      void (async () => {
        try {
          for await (const chunk of handler.fetchLog(call.request)) {
            if (call.cancelled || call.destroyed) return;
            if (!call.write(chunk)) await drainedOrGone(call);
          }
          call.end();
        } catch (err) {
          onError(err, "FetchLog");
          // Ends the call with a status the caller sees (destroying it would leave the caller waiting).
          call.emit("error", { code: grpc.status.INTERNAL, details: (err as Error).message });
        }
      })();
    },
  };
}

export function grpcPeerApiCaller(address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()): PeerApiCaller {
  const client = new api.tributary.api.PeerApi(address, credentials, grpcChannelOptions);
  return {
    address,
    hello: (req, ms) => unary(client, address, method("Hello"), req, ms),
    join: (req, ms) => unary(client, address, method("Join"), req, ms),
    seal: (req, ms) => unary(client, address, method("Seal"), req, ms),
    status: (req, ms) => unary(client, address, method("Status"), req, ms),
    transferLeader: (req, ms) => unary(client, address, method("TransferLeader"), req, ms),
    drain: (req, ms) => unary(client, address, method("Drain"), req, ms),
    compact: (req, ms) => unary(client, address, method("Compact"), req, ms),
    async *fetchLog(request) {
      const stream = client.fetchLog(request);
      // No chunk for fetchLogIdleMs (the caller's own work between chunks aside): the call is abandoned.
      let idle: ReturnType<typeof setTimeout> | undefined;
      let stalled = false;
      const arm = () => {
        idle = setTimeout(() => {
          stalled = true;
          stream.cancel();
        }, limits.fetchLogIdleMs);
      };
      arm();
      try {
        for await (const chunk of stream as AsyncIterable<FetchLogChunk__Output>) {
          clearTimeout(idle);
          yield chunk;
          arm();
        }
      } catch (err) {
        if (stalled) throw new CallError("deadline", address, `FetchLog sent nothing for ${limits.fetchLogIdleMs} ms`);
        throw callErrorOf(address, err as grpc.ServiceError);
      } finally {
        clearTimeout(idle);
        // A caller that stops reading early ends the call, so the node stops sending.
        stream.cancel();
      }
    },
    close: () => client.close(),
  };
}

export function inProcessPeerApiCaller(address: string, handler: () => PeerApiHandler | undefined, setTimer: SetTimer): PeerApiCaller {
  const call =
    <Req, ReqOut, Res, ResOut>(name: Parameters<typeof method>[0], fn: (h: PeerApiHandler, req: ReqOut) => Promise<Res>) =>
    (request: Req, timeoutMs: number): Promise<ResOut> =>
      inProcessUnary(address, method(name), request, timeoutMs, handler, fn, setTimer);
  return {
    address,
    hello: call("Hello", (h, req: HelloRequest__Output) => h.hello(req)),
    join: call("Join", (h, req: JoinRequest__Output) => h.join(req)),
    seal: call("Seal", (h, req: SealRequest__Output) => h.seal(req)),
    status: call("Status", (h, req: StatusRequest__Output) => h.status(req)),
    transferLeader: call("TransferLeader", (h, req: TransferLeaderRequest__Output) => h.transferLeader(req)),
    drain: call("Drain", (h, req: DrainRequest__Output) => h.drain(req)),
    compact: call("Compact", (h, req: CompactRequest__Output) => h.compact(req)),
    async *fetchLog(request) {
      const h = handler();
      if (!h) throw new CallError("unreachable", address, "node is down or cut off");
      const m = method("FetchLog");
      try {
        for await (const chunk of h.fetchLog(throughWire<FetchLogRequest, FetchLogRequest__Output>(m, request))) {
          if (handler() !== h) throw new CallError("failed", address, "the node went down mid-stream");
          yield answerThroughWire<FetchLogChunk, FetchLogChunk__Output>(m, chunk);
        }
      } catch (err) {
        if (err instanceof CallError) throw err;
        throw new CallError("failed", address, (err as Error).message, { cause: err });
      }
    },
    close: () => undefined,
  };
}
