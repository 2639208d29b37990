#!/usr/bin/env node
/**
 * Prints a node's status as JSON: its name and incarnation, and for every
 * Raft group its role, leader, term, commit and applied indexes.
 *
 *   tributary-status [--node 127.0.0.1:7001] [--cluster-tls DIR]     (defaults: TRIBUTARY_LISTEN's port on 127.0.0.1; TRIBUTARY_CLUSTER_TLS)
 *
 * Exits 1 when the node does not answer within five seconds.
 */
import { parseArgs } from "node:util";
import { channelCredentials, grpcPeerApiCaller, loadClusterTls } from "@tributary/protocol";

const { values } = parseArgs({ options: { node: { type: "string" }, "cluster-tls": { type: "string" } } });
const port = (process.env.TRIBUTARY_LISTEN ?? "127.0.0.1:7001").split(":").pop();
const tlsDir = values["cluster-tls"] ?? process.env.TRIBUTARY_CLUSTER_TLS ?? "";
const node = grpcPeerApiCaller(values.node ?? `127.0.0.1:${port}`, channelCredentials(tlsDir ? loadClusterTls(tlsDir) : undefined));
try {
  process.stdout.write(`${JSON.stringify(await node.status({}, 5_000))}\n`);
} catch (err) {
  process.stderr.write(`tributary-status: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  node.close();
}
