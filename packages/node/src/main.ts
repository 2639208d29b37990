#!/usr/bin/env node
/**
 * The node process: LevelDB, gRPC and the system clock around a node.
 * Configuration errors, a data directory in use, a port taken and peers that
 * stay unreachable exit with status 2 and a one-line reason (no crash loop of
 * stack traces); SIGTERM and SIGINT stop it cleanly.
 */
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { pino } from "pino";
import { channelCredentials, grpcPeerApiCaller, Keyring, loadClusterTls, serveOperatorPort } from "@tributary/protocol";
import type { ClusterTls, PeerApiCaller } from "@tributary/protocol";
import { DataDirectoryInUseError, DurableStore } from "@tributary/storage";
import { systemClock } from "./clock.js";
import * as limits from "./limits.js";
import { ConfigError, parseNodeConfig } from "./config.js";
import { ListenError, NodeServer } from "./grpc-server.js";
import { GrpcRaftTransport } from "./grpc-transport.js";
import { NodeStartError } from "./membership.js";
import { TributaryNode } from "./node.js";

function exitWith(message: string): never {
  process.stderr.write(`tributary-node: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseNodeConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) exitWith((err as Error).message);
    throw err;
  }
  const log = pino({ level: config.logLevel, base: { node: config.name } });
  let tls: ClusterTls | undefined;
  try {
    tls = config.clusterTls ? loadClusterTls(config.clusterTls) : undefined;
  } catch (err) {
    exitWith((err as Error).message);
  }
  if (!tls) log.warn("node port in plaintext: no --cluster-tls given, so anyone who reaches it is trusted");
  let keyring: Keyring | undefined;
  try {
    keyring = config.keyring ? Keyring.load(config.keyring) : undefined;
  } catch (err) {
    exitWith((err as Error).message);
  }
  if (keyring) log.info({ keyring: config.keyring, keys: keyring.keys.length }, "keyring loaded");
  // Group access is how Kubernetes hands a Secret to a pod (fsGroup); access for every user is never meant.
  if (!keyring) log.warn("no --keyring given: streams cannot be encrypted at rest here");
  else if ((statSync(config.keyring).mode & 0o007) !== 0) log.warn({ keyring: config.keyring }, "the keyring is readable by every user of this machine: its keys open every encrypted stream");
  const credentials = channelCredentials(tls);
  let store: DurableStore;
  try {
    store = await DurableStore.openLevel(`${config.dataDir}/db`, { fsync: config.fsync });
  } catch (err) {
    if (err instanceof DataDirectoryInUseError) exitWith(err.message);
    throw err;
  }
  const peers = new Map<string, PeerApiCaller>();
  const peer = (name: string): PeerApiCaller => {
    let p = peers.get(name);
    if (!p) peers.set(name, (p = grpcPeerApiCaller(config.peers.get(name) ?? "", credentials)));
    return p;
  };
  let transport: GrpcRaftTransport | undefined;
  const node = new TributaryNode(config, {
    log,
    clock: systemClock,
    store,
    peer,
    randomBytes: (n) => randomBytes(n),
    keyring,
    transport: (self, receive) => (transport = new GrpcRaftTransport(self, config.peers, receive, log, systemClock, credentials)),
  });
  let server: NodeServer;
  try {
    server = await NodeServer.start(config.listen, node, transport as GrpcRaftTransport, log, tls);
    await node.start();
  } catch (err) {
    if (err instanceof ListenError || err instanceof NodeStartError) {
      log.fatal({ code: err.code }, err.message);
      exitWith(err.message);
    }
    throw err;
  }
  log.info({ listen: config.listen, port: server.port }, "serving");
  const operator = config.metricsListen
    ? await serveOperatorPort(config.metricsListen, node.metrics.registry, () => node.ready()).catch((err: Error) => exitWith(`cannot serve metrics on ${config.metricsListen}: ${err.message}`))
    : undefined;
  if (operator) log.info({ metricsListen: config.metricsListen, port: operator.port }, "serving metrics, /health and /ready");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: handing leaderships to followers first");
    node
      .handOffLeadership(limits.handOffTimeoutMs)
      .then((stillLed) => {
        log.info({ stillLed }, stillLed === 0 ? "led nothing any more" : "stopping while still leading some groups");
        return Promise.all([server.stop(), node.stop(), operator?.close()]);
      })
      .then(
        () => {
          for (const p of peers.values()) p.close();
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, "error while stopping");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

await main();
