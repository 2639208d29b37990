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

export class NodeServer {
  private constructor(
    private readonly server: grpc.Server,
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
    server.addService(raftTransportDefinition, guardByRole("RaftTransport", raftTransportDefinition, transport.service, guarded, onDenied));
    server.addService(gatewayApiDefinition, guardByRole("GatewayApi", gatewayApiDefinition, gatewayApiService(node.gatewayApi, onError), guarded, onDenied));
    server.addService(peerApiDefinition, guardByRole("PeerApi", peerApiDefinition, peerApiService(node.peerApi, onError), guarded, onDenied));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(listen, credentials, (err, p) => (err ? reject(new ListenError(`cannot listen on ${listen}: ${err.message}`)) : resolve(p))),
    );
    return new NodeServer(server, port);
  }

  /**
   * Takes no new calls and lets calls in flight finish, for at most
   * limits.serverStopGraceMs; then ends whatever is still open. Streams that
   * never end by themselves (a gateway's routing watch, a subscription, a
   * peer's Raft stream) would otherwise hold the stop for as long as their
   * callers keep them.
   */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.server.tryShutdown(() => resolve())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, limits.serverStopGraceMs))),
    ]);
    clearTimeout(timer);
    this.server.forceShutdown();
  }
}
