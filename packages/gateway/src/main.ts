#!/usr/bin/env node
/**
 * The gateway process: the Kinesis API on one port, in front of the nodes.
 *
 *   --listen 127.0.0.1:4567             TRIBUTARY_GATEWAY_LISTEN
 *   --nodes 127.0.0.1:7001,...          TRIBUTARY_GATEWAY_NODES (node API addresses; any one suffices, all are better)
 *   --tls-cert cert.pem --tls-key key.pem   serve TLS (h2 and http/1.1 by ALPN) on the same port too
 *   --shard-limit 1000                  TRIBUTARY_SHARD_LIMIT (open shards allowed in the account)
 *   --metrics-listen 127.0.0.1:9100     TRIBUTARY_GATEWAY_METRICS_LISTEN (off when not given): GET /metrics, /health, /ready
 *   --credentials-file keys.json        TRIBUTARY_CREDENTIALS_FILE: the access keys requests are signed with
 *   --create-credentials                with --credentials-file: write a fresh key pair there if the file does not exist
 *   --credentials ID:SECRET,...         TRIBUTARY_CREDENTIALS: the same, inline
 *   --throughput-limits on|off          TRIBUTARY_THROUGHPUT_LIMITS (default on): per-shard write and read limits as Kinesis enforces them
 *   --cluster-tls ./tls/gateway         TRIBUTARY_CLUSTER_TLS: ca.pem, cert.pem, key.pem for mutual TLS to the nodes (plaintext when not given)
 *   --auth-open                         TRIBUTARY_AUTH=open: accept any well-formed signature (logged)
 *                                       (none of these: a key pair is made at start and printed)
 *   --log-level info
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { channelCredentials, grpcGatewayApiCaller, loadClusterTls, serveOperatorPort } from "@tributary/protocol";
import type { ClusterTls } from "@tributary/protocol";
import { generateKey, parseKeysFile, parseKeysFlag } from "./access-keys.js";
import { Gateway } from "./gateway.js";
import type { Authentication } from "./signature.js";

function fail(message: string): never {
  process.stderr.write(`tributary-gateway: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      listen: { type: "string" },
      nodes: { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      "log-level": { type: "string" },
      "shard-limit": { type: "string" },
      "metrics-listen": { type: "string" },
      "credentials-file": { type: "string" },
      "create-credentials": { type: "boolean" },
      credentials: { type: "string" },
      "auth-open": { type: "boolean" },
      "cluster-tls": { type: "string" },
      "throughput-limits": { type: "string" },
    },
  }));
} catch (err) {
  fail((err as Error).message);
}
const listen = values.listen ?? process.env.TRIBUTARY_GATEWAY_LISTEN ?? "127.0.0.1:4567";
const nodes = (values.nodes ?? process.env.TRIBUTARY_GATEWAY_NODES ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const m = /^(.+):(\d+)$/.exec(listen);
if (!m) fail(`--listen must be host:port, got ${JSON.stringify(listen)}`);
if (nodes.length === 0) fail("--nodes (or TRIBUTARY_GATEWAY_NODES) is required: the node API addresses, e.g. 127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003");
if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) fail("--tls-cert and --tls-key go together");
const shardLimitText = values["shard-limit"] ?? process.env.TRIBUTARY_SHARD_LIMIT;
const shardLimit = shardLimitText === undefined ? undefined : Number(shardLimitText);
if (shardLimit !== undefined && (!Number.isInteger(shardLimit) || shardLimit < 1)) fail(`--shard-limit must be a positive integer, got ${JSON.stringify(shardLimitText)}`);
const metricsListen = values["metrics-listen"] ?? process.env.TRIBUTARY_GATEWAY_METRICS_LISTEN ?? "";
if (metricsListen !== "" && !/^[^:\s]+:\d+$/.test(metricsListen)) fail(`--metrics-listen must be host:port, got ${JSON.stringify(metricsListen)}`);
const keysFile = values["credentials-file"] ?? process.env.TRIBUTARY_CREDENTIALS_FILE;
const keysFlag = values.credentials ?? process.env.TRIBUTARY_CREDENTIALS;
const open = values["auth-open"] === true || process.env.TRIBUTARY_AUTH === "open";
if ([keysFile, keysFlag].filter(Boolean).length + (open ? 1 : 0) > 1) fail("give one of --credentials-file, --credentials and --auth-open");
if (values["create-credentials"] && !keysFile) fail("--create-credentials goes with --credentials-file");
let auth: Authentication;
let generated: ReturnType<typeof generateKey> | undefined;
try {
  if (open) auth = { open: true };
  else if (keysFile) {
    if (values["create-credentials"] && !existsSync(keysFile)) writeFileSync(keysFile, `${JSON.stringify({ keys: [generateKey()] }, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    auth = { keys: parseKeysFile(readFileSync(keysFile, "utf8"), keysFile) };
  }
  else if (keysFlag) auth = { keys: parseKeysFlag(keysFlag, "--credentials") };
  else auth = { keys: [(generated = generateKey())] };
} catch (err) {
  fail((err as Error).message);
}
const clusterTlsDir = values["cluster-tls"] ?? process.env.TRIBUTARY_CLUSTER_TLS ?? "";
let clusterTls: ClusterTls | undefined;
try {
  clusterTls = clusterTlsDir ? loadClusterTls(clusterTlsDir) : undefined;
} catch (err) {
  fail((err as Error).message);
}
const nodeCredentials = channelCredentials(clusterTls);
const throughputText = values["throughput-limits"] ?? process.env.TRIBUTARY_THROUGHPUT_LIMITS ?? "on";
if (throughputText !== "on" && throughputText !== "off") fail(`--throughput-limits must be on or off, got ${JSON.stringify(throughputText)}`);
const log = pino({ level: values["log-level"] ?? process.env.TRIBUTARY_LOG_LEVEL ?? "info", base: { gateway: listen } });
const tls = values["tls-cert"] ? { cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"] as string) } : undefined;
const gateway = new Gateway({ host: m[1] as string, port: Number(m[2]), nodes, auth, connect: (address) => grpcGatewayApiCaller(address, nodeCredentials), throughputLimits: throughputText === "on", ...(tls ? { tls } : {}), ...(shardLimit ? { shardLimit } : {}) }, log);
const port = await gateway.start();
log.info({ port }, `gateway listening on ${m[1]}:${port}`);
if (!clusterTls) log.warn("calling nodes in plaintext: no --cluster-tls given");
if (open) log.warn("open mode: any well-formed signature is accepted, whatever its key (a missing or malformed Authorization is still refused)");
if (generated) {
  log.warn({ accessKeyId: generated.accessKeyId }, "no credentials given: made a key pair for this run (printed on stderr)");
  process.stderr.write(`tributary-gateway: sign requests with\n  AWS_ACCESS_KEY_ID=${generated.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey}\n`);
}
const operator = metricsListen ? await serveOperatorPort(metricsListen, gateway.metrics.registry, () => gateway.ready()).catch((err: Error) => fail(`cannot serve metrics on ${metricsListen}: ${err.message}`)) : undefined;
if (operator) log.info({ metricsListen, port: operator.port }, "serving metrics, /health and /ready");
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.all([gateway.stop(), operator?.close()]).then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
