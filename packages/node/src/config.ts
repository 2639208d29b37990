/**
 * Node configuration from flags, falling back to environment variables (for
 * containers), then defaults. A bad value is a ConfigError naming the flag.
 *
 *   --name az-a                 TRIBUTARY_NODE_NAME
 *   --data-dir ./data/az-a      TRIBUTARY_DATA_DIR
 *   --listen 127.0.0.1:7001     TRIBUTARY_LISTEN
 *   --peers az-a=127.0.0.1:7001,az-b=127.0.0.1:7002,az-c=127.0.0.1:7003   TRIBUTARY_PEERS
 *   --tick-ms 100               TRIBUTARY_TICK_MS
 *   --cluster-name tributary    TRIBUTARY_CLUSTER_NAME
 *   --region us-east-1          TRIBUTARY_REGION
 *   --account-id 000000000000   TRIBUTARY_ACCOUNT_ID
 *   --fsync true                TRIBUTARY_FSYNC   (false only to measure its cost)
 *   --shard-log-cache-entries 2000, --meta-log-cache-entries 1000
 *   --join-timeout-ms 300000
 *   --clock-skew-ms 0           shifts the clock retention uses (tests of retention only)
 *   --on-demand-split-records-per-second 800, --on-demand-split-bytes-per-second 819200,
 *   --on-demand-merge-records-per-second 100, --on-demand-merge-bytes-per-second 102400,
 *   --on-demand-window-ms 30000, --on-demand-shards-min 4     on-demand scaling (limits.ts says why)
 *   --metrics-listen 127.0.0.1:9101  TRIBUTARY_METRICS_LISTEN  (off when not given) GET /metrics, /health, /ready
 *   --cluster-tls ./tls/az-a    TRIBUTARY_CLUSTER_TLS  (ca.pem, cert.pem, key.pem: mutual TLS on the node port and to peers; plaintext when not given)
 *   --keyring ./keyring.json    TRIBUTARY_KEYRING  (master keys for encryption at rest, the same file on every node; none: StartStreamEncryption finds no key)
 *   --log-level info            TRIBUTARY_LOG_LEVEL
 */
import { parseArgs } from "node:util";
import { roleOfMember } from "@tributary/protocol";
import * as limits from "./limits.js";

/** When an ON_DEMAND stream splits a hot shard or merges cold ones. */
export interface ScalingConfig {
  readonly splitRecordsPerSecond: number;
  readonly splitBytesPerSecond: number;
  readonly mergeRecordsPerSecond: number;
  readonly mergeBytesPerSecond: number;
  /** A rate counts only when it held for this long. */
  readonly windowMs: number;
  /** Open shards an on-demand stream keeps at least. */
  readonly shardsMin: number;
}

export const defaultScaling: ScalingConfig = {
  splitRecordsPerSecond: limits.onDemandSplitRecordsPerSecondDefault,
  splitBytesPerSecond: limits.onDemandSplitBytesPerSecondDefault,
  mergeRecordsPerSecond: limits.onDemandMergeRecordsPerSecondDefault,
  mergeBytesPerSecond: limits.onDemandMergeBytesPerSecondDefault,
  windowMs: limits.onDemandWindowMsDefault,
  shardsMin: limits.onDemandShardsMinDefault,
};

export interface NodeConfig {
  /** This node's name, e.g. "az-a". */
  readonly name: string;
  readonly dataDir: string;
  /** host:port the gRPC server listens on. */
  readonly listen: string;
  /** Every member's name and address, this node included. */
  readonly peers: ReadonlyMap<string, string>;
  readonly tickMs: number;
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  /** Off only to measure what fsync costs. */
  readonly fsync: boolean;
  readonly shardLogCacheEntries: number;
  readonly metaLogCacheEntries: number;
  readonly joinTimeoutMs: number;
  /** Added to the clock retention compares arrival times with. Zero except in tests of retention. */
  readonly clockSkewMs: number;
  readonly scaling: ScalingConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface ParsedConfig extends NodeConfig {
  readonly logLevel: string;
  /** host:port of the operator port (metrics, health, readiness), or "" for none. */
  readonly metricsListen: string;
  /** The directory of this node's cluster certificates, or "" for plaintext node ports. */
  readonly clusterTls: string;
  /** The keyring file (master keys for encryption at rest), or "" for none. */
  readonly keyring: string;
}

const env = (name: string): string | undefined => process.env[`TRIBUTARY_${name}`];

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`--${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function bool(flag: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ConfigError(`--${flag} must be true or false, got ${JSON.stringify(value)}`);
}

export function parsePeers(text: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq);
    const address = part.slice(eq + 1);
    if (eq <= 0 || !/^[a-z0-9-]+$/i.test(name) || !/^[^:\s]+:\d+$/.test(address)) throw new ConfigError(`--peers entry ${JSON.stringify(part)} is not name=host:port`);
    if (peers.has(name)) throw new ConfigError(`--peers names ${name} twice`);
    peers.set(name, address);
  }
  return peers;
}

export function parseNodeConfig(argv: string[]): ParsedConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      "data-dir": { type: "string" },
      listen: { type: "string" },
      peers: { type: "string" },
      "tick-ms": { type: "string" },
      "cluster-name": { type: "string" },
      region: { type: "string" },
      "account-id": { type: "string" },
      fsync: { type: "string" },
      "shard-log-cache-entries": { type: "string" },
      "meta-log-cache-entries": { type: "string" },
      "join-timeout-ms": { type: "string" },
      "clock-skew-ms": { type: "string" },
      "on-demand-split-records-per-second": { type: "string" },
      "on-demand-split-bytes-per-second": { type: "string" },
      "on-demand-merge-records-per-second": { type: "string" },
      "on-demand-merge-bytes-per-second": { type: "string" },
      "on-demand-window-ms": { type: "string" },
      "on-demand-shards-min": { type: "string" },
      "log-level": { type: "string" },
      "metrics-listen": { type: "string" },
      "cluster-tls": { type: "string" },
      keyring: { type: "string" },
    },
    strict: true,
  });
  const name = values.name ?? env("NODE_NAME");
  if (!name) throw new ConfigError("--name (or TRIBUTARY_NODE_NAME) is required, e.g. az-a");
  // A member's certificate role follows its name (protocol/cluster-tls.ts): a node's must be a node's.
  if (roleOfMember(name) !== "node") throw new ConfigError(`--name ${name}: names beginning with "gateway" or "operator" are for gateways and operators, not nodes`);
  const peersText = values.peers ?? env("PEERS");
  if (!peersText) throw new ConfigError("--peers (or TRIBUTARY_PEERS) is required: name=host:port for every member, this node included");
  const peers = parsePeers(peersText);
  if (!peers.has(name)) throw new ConfigError(`--peers must include this node (${name})`);
  if (peers.size !== 3) throw new ConfigError(`a cluster has exactly three members (one per availability zone); --peers names ${peers.size}`);
  const listen = values.listen ?? env("LISTEN") ?? (peers.get(name) as string);
  const accountId = values["account-id"] ?? env("ACCOUNT_ID") ?? "000000000000";
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError("--account-id must be 12 digits");
  const metricsListen = values["metrics-listen"] ?? env("METRICS_LISTEN") ?? "";
  if (metricsListen !== "" && !/^[^:\s]+:\d+$/.test(metricsListen)) throw new ConfigError(`--metrics-listen must be host:port, got ${JSON.stringify(metricsListen)}`);
  return {
    name,
    dataDir: values["data-dir"] ?? env("DATA_DIR") ?? `./data/${name}`,
    listen,
    peers,
    tickMs: positiveInt("tick-ms", values["tick-ms"] ?? env("TICK_MS"), limits.tickMsDefault),
    clusterName: values["cluster-name"] ?? env("CLUSTER_NAME") ?? "tributary",
    region: values.region ?? env("REGION") ?? "us-east-1",
    accountId,
    fsync: bool("fsync", values.fsync ?? env("FSYNC"), true),
    shardLogCacheEntries: positiveInt("shard-log-cache-entries", values["shard-log-cache-entries"] ?? env("SHARD_LOG_CACHE_ENTRIES"), limits.shardLogCacheEntriesDefault),
    metaLogCacheEntries: positiveInt("meta-log-cache-entries", values["meta-log-cache-entries"] ?? env("META_LOG_CACHE_ENTRIES"), limits.metaLogCacheEntriesDefault),
    joinTimeoutMs: positiveInt("join-timeout-ms", values["join-timeout-ms"] ?? env("JOIN_TIMEOUT_MS"), limits.joinTimeoutMsDefault),
    clockSkewMs: Number(values["clock-skew-ms"] ?? env("CLOCK_SKEW_MS") ?? 0) || 0,
    scaling: {
      splitRecordsPerSecond: positiveInt("on-demand-split-records-per-second", values["on-demand-split-records-per-second"] ?? env("ON_DEMAND_SPLIT_RECORDS_PER_SECOND"), defaultScaling.splitRecordsPerSecond),
      splitBytesPerSecond: positiveInt("on-demand-split-bytes-per-second", values["on-demand-split-bytes-per-second"] ?? env("ON_DEMAND_SPLIT_BYTES_PER_SECOND"), defaultScaling.splitBytesPerSecond),
      mergeRecordsPerSecond: positiveInt("on-demand-merge-records-per-second", values["on-demand-merge-records-per-second"] ?? env("ON_DEMAND_MERGE_RECORDS_PER_SECOND"), defaultScaling.mergeRecordsPerSecond),
      mergeBytesPerSecond: positiveInt("on-demand-merge-bytes-per-second", values["on-demand-merge-bytes-per-second"] ?? env("ON_DEMAND_MERGE_BYTES_PER_SECOND"), defaultScaling.mergeBytesPerSecond),
      windowMs: positiveInt("on-demand-window-ms", values["on-demand-window-ms"] ?? env("ON_DEMAND_WINDOW_MS"), defaultScaling.windowMs),
      shardsMin: positiveInt("on-demand-shards-min", values["on-demand-shards-min"] ?? env("ON_DEMAND_SHARDS_MIN"), defaultScaling.shardsMin),
    },
    logLevel: values["log-level"] ?? env("LOG_LEVEL") ?? "info",
    metricsListen,
    clusterTls: values["cluster-tls"] ?? env("CLUSTER_TLS") ?? "",
    keyring: values.keyring ?? env("KEYRING") ?? "",
  };
}
