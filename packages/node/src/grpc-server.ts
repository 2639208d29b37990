/**
 * A node's gRPC server: the Raft stream from peers, the gateway-facing API
 * and the peer API, on one port.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { gatewayApiDefinition, gatewayApiService, grpcChannelOptions, peerApiDefinition, peerApiService, raftTransportDefinition, serverCredentials } from "@tributary/protocol";
import type { ClusterTls } from "@tributary/protocol";
import type { GrpcRaftTransport } from "./grpc-transport.js";
import * as limits from "./limits.js";
import { guardByRole } from "./roles.js";
import type { TributaryNode } from "./node.js";

export class ListenError extends Error {
  readonly code = "ERR_LISTEN";
}

/** What a stream still open when the node stops is ended with: its caller goes to another node. */
const stoppingStatus = { code: grpc.status.UNAVAILABLE, details: "the node is stopping" };

interface StreamCall {
  emit(event: "error", err: unknown): boolean;
  on(event: "close" | "finish" | "cancelled" | "error", listener: () => void): unknown;
}

/**
 * The long-lived streams open on a node's port (a gateway's routing watch,
 * a subscription, a peer's Raft stream), so that a stopping node can end
 * them at once, UNAVAILABLE, rather than wait for callers that never end
 * them by themselves.
 */
class OpenStreams {
  private readonly open = new Set<() => void>();
  private stopping = false;

  /** `impl` with each call of the `methods` named kept here while it is open. */
  track(impl: grpc.UntypedServiceImplementation, methods: readonly string[]): grpc.UntypedServiceImplementation {
    const out: grpc.UntypedServiceImplementation = { ...impl };
    for (const method of methods) {
      const handler = impl[method] as (call: StreamCall, callback?: grpc.sendUnaryData<unknown>) => void;
      out[method] = ((call: StreamCall, callback?: grpc.sendUnaryData<unknown>) => {
        let ended = false;
        // A client-streaming call ends through its callback, once: the handler's or the stop's, whichever comes first.
        const once: grpc.sendUnaryData<unknown> | undefined = callback
          ? (err, value) => {
              if (ended) return;
              ended = true;
              callback(err, value);
            }
          : undefined;
        const end = () => {
          if (ended) return;
          ended = true;
          if (callback) callback(stoppingStatus as grpc.ServerErrorResponse);
          else call.emit("error", stoppingStatus);
        };
        if (this.stopping) return end();
        const forget = () => {
          ended = true;
          this.open.delete(end);
        };
        this.open.add(end);
        for (const event of ["close", "finish", "cancelled", "error"] as const) call.on(event, forget);
        handler(call, once);
      }) as grpc.UntypedHandleCall;
    }
    return out;
  }

  /** Ends every open stream, and any opened from now on. */
  endAll(): void {
    this.stopping = true;
    for (const end of [...this.open]) end();
    this.open.clear();
  }
}

export class NodeServer {
  private constructor(
    private readonly server: grpc.Server,
    private readonly streams: OpenStreams,
    readonly port: number,
  ) {}

  /**
   * Serves on `listen`: with `tls`, mutual TLS from the cluster's CA, each
   * call checked against the role of the caller's certificate (roles.ts);
   * without, plaintext.
   */
  static async start(listen: string, node: TributaryNode, transport: GrpcRaftTransport, log: Logger, tls: ClusterTls | undefined): Promise<NodeServer> {
    const credentials = serverCredentials(tls);
    const guarded = tls !== undefined;
    const server = new grpc.Server(grpcChannelOptions);
    const onError = (err: unknown, rpc: string) => log.error({ err, rpc }, "node API call failed");
    const onDenied = (method: string, role: string | undefined) => log.warn({ method, role: role ?? "none" }, "a call refused for the caller's role");
    const streams = new OpenStreams();
    server.addService(raftTransportDefinition, guardByRole("RaftTransport", raftTransportDefinition, streams.track(transport.service, ["Stream"]), guarded, onDenied));
    server.addService(gatewayApiDefinition, guardByRole("GatewayApi", gatewayApiDefinition, streams.track(gatewayApiService(node.gatewayApi, onError), ["WatchRouting", "Subscribe"]), guarded, onDenied));
    server.addService(peerApiDefinition, guardByRole("PeerApi", peerApiDefinition, peerApiService(node.peerApi, onError), guarded, onDenied));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, credentials, (err, p) => (err ? reject(new ListenError(`cannot listen on ${listen}: ${err.message}`)) : resolve(p))),
    );
    return new NodeServer(server, streams, port);
  }

  /**
   * Takes no new calls, ends the streams that never end by themselves (a
   * gateway's routing watch, a subscription, a peer's Raft stream: their
   * callers go to another node, or dial this one again once it is back), and
   * lets the other calls in flight finish, for at most
   * limits.serverStopGraceMs; then ends whatever is still open.
   */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    this.streams.endAll();
    await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, limits.serverStopGraceMs)))]);
    clearTimeout(timer);
    this.server.forceShutdown();
  }
}
