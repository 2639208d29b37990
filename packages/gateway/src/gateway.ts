/** The gateway: a cluster client and the HTTP server, started and stopped together. */
import type { Logger } from "pino";
import type { GatewayApiCaller } from "@tributary/protocol";
import { ClusterClient } from "./cluster-client.js";
import { GatewayMetrics } from "./metrics.js";
import * as limits from "./limits.js";
import { GatewayServer } from "./server.js";
import type { ServerOptions } from "./server.js";
import type { Authentication } from "./signature.js";
import { SubscriptionRegistry } from "./subscription-registry.js";
import { ShardThroughput } from "./throughput.js";

export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly nodes: string[];
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  /** The clock iterators and tokens are stamped with; tests move it to expire them. */
  readonly clock?: () => number;
  /** Open shards allowed in the account (default limits.shardLimitDefault). */
  readonly shardLimit?: number;
  /** How to reach the node at an address (default: gRPC; a cluster in one process calls its nodes directly). */
  readonly connect?: (address: string) => GatewayApiCaller;
  /** How long a SubscribeToShard lasts (default limits.subscriptionLifetimeMsDefault, 5 minutes as in Kinesis). */
  readonly subscriptionLifetimeMs?: number;
  /** HTTP timeouts (default limits.httpTimeoutsDefault) and connections held at once (default limits.connectionsMax); tests shorten them. */
  readonly timeouts?: ServerOptions["timeouts"];
  readonly connectionsMax?: number;
  /** Request body bytes held at once (default limits.requestBodyBytesInFlightMax); tests shorten it. */
  readonly bodyBytesInFlightMax?: number;
  /** Per-shard throughput limits as Kinesis enforces them (default on; off for benchmarks). */
  readonly throughputLimits?: boolean;
  /** How request signatures are checked: the access keys, or open mode (any well-formed signature). */
  readonly auth: Authentication;
}

export class Gateway {
  private readonly cluster: ClusterClient;
  private readonly server: GatewayServer;
  /** Prometheus metrics; main.ts serves them (see --metrics-listen). */
  readonly metrics = new GatewayMetrics();

  constructor(options: GatewayOptions, log: Logger) {
    this.cluster = new ClusterClient(options.nodes, log, options.connect, () => this.metrics.appendsAbandoned.inc());
    const context = {
      metrics: this.metrics,
      throughput: new ShardThroughput(options.throughputLimits === false ? undefined : limits.shardThroughputDefault),
      cluster: this.cluster,
      log,
      now: options.clock ?? (() => Date.now()),
      shardLimit: options.shardLimit ?? limits.shardLimitDefault,
      subscriptions: new SubscriptionRegistry(),
      subscriptionLifetimeMs: options.subscriptionLifetimeMs ?? limits.subscriptionLifetimeMsDefault,
    };
    const { host, port, tls, timeouts, connectionsMax, bodyBytesInFlightMax, auth } = options;
    this.server = new GatewayServer(context, log, { host, port, auth, ...(tls ? { tls } : {}), ...(timeouts ? { timeouts } : {}), ...(connectionsMax ? { connectionsMax } : {}), ...(bodyBytesInFlightMax ? { bodyBytesInFlightMax } : {}) });
  }

  /** Starts serving; requests wait on the cluster as needed. Returns the port. */
  async start(): Promise<number> {
    this.cluster.start();
    return this.server.listen();
  }

  /** Serving: it has a routing table naming a meta leader. */
  ready(): boolean {
    return this.cluster.ready();
  }

  /** Client connections open now. */
  connectionCount(): number {
    return this.server.connectionCount();
  }

  async stop(): Promise<void> {
    await this.server.close();
    this.cluster.close();
  }
}
