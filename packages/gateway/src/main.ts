#!/usr/bin/env node
/**
 * The gateway process: the Kinesis API on one port, in front of the nodes.
 *
 *   --listen 127.0.0.1:4567             TRIBUTARY_GATEWAY_LISTEN
 *   --nodes 127.0.0.1:7001,...          TRIBUTARY_GATEWAY_NODES (node API addresses; any one suffices, all are better)
 *   --tls-cert cert.pem --tls-key key.pem   serve TLS (h2 and http/1.1 by ALPN) on the same port too
 *   --shard-limit 1000                  TRIBUTARY_SHARD_LIMIT (open shards allowed in the account)
 *   --metrics-listen 127.0.0.1:9100     TRIBUTARY_GATEWAY_METRICS_LISTEN (off when not given): GET /metrics, /health, /ready
 *   --log-level info
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { serveOperatorPort } from "@tributary/protocol";
import { Gateway } from "./gateway.js";

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
const log = pino({ level: values["log-level"] ?? process.env.TRIBUTARY_LOG_LEVEL ?? "info", base: { gateway: listen } });
const tls = values["tls-cert"] ? { cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"] as string) } : undefined;
const gateway = new Gateway({ host: m[1] as string, port: Number(m[2]), nodes, ...(tls ? { tls } : {}), ...(shardLimit ? { shardLimit } : {}) }, log);
const port = await gateway.start();
log.info({ port }, `gateway listening on ${m[1]}:${port}`);
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
