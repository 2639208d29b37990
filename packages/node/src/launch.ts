#!/usr/bin/env node
/**
 * Starts a three-node cluster and a Kinesis gateway as local processes on
 * loopback, data under ./data/<node>, and stops all of them cleanly on
 * Ctrl-C or SIGTERM.
 *
 *   tributary-launch [--data-dir ./data] [--base-port 7001] [--gateway-port 4567] [-- extra node flags]
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureClusterCertificates, ensureKeyring } from "@tributary/protocol";

const { values, positionals } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "./data" },
    "base-port": { type: "string", default: "7001" },
    "gateway-port": { type: "string", default: "4567" },
  },
  allowPositionals: true,
});
const basePort = Number(values["base-port"]);
if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65_530) {
  process.stderr.write(`tributary-launch: --base-port must be a port number, got ${values["base-port"]}\n`);
  process.exit(2);
}
const names = ["az-a", "az-b", "az-c"];
const peers = names.map((n, i) => `${n}=127.0.0.1:${basePort + i}`).join(",");
const here = fileURLToPath(new URL(".", import.meta.url));
const fromSource = import.meta.url.endsWith(".ts");
const nodeMain = join(here, fromSource ? "main.ts" : "main.js");
const gatewayMain = join(here, "..", "..", "gateway", fromSource ? "src/main.ts" : "dist/main.js");
const gatewayPort = Number(values["gateway-port"]);
const loader = import.meta.url.endsWith(".ts") ? ["--conditions=source", "--import", "tsx"] : [];

const children = new Map<string, ChildProcess>();
let stopping = false;

function prefix(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream): void {
  let buffered = "";
  stream?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) out.write(`${name.padEnd(5)}| ${line}\n`);
  });
}

mkdirSync(values["data-dir"], { recursive: true });
const credentialsFile = join(values["data-dir"], "credentials.json");
// Node ports take mutual TLS from a CA made on the first start.
const tlsDir = join(values["data-dir"], "cluster-tls");
const members = [...names, "gateway", "operator"];
await ensureClusterCertificates(tlsDir, members);
// Master keys for encryption at rest, one keyring for every node, made on the first start.
const keyringFile = join(values["data-dir"], "keyring.json");
ensureKeyring(keyringFile);

for (const name of names) {
  const dataDir = join(values["data-dir"], name);
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [...loader, nodeMain, "--name", name, "--peers", peers, "--data-dir", dataDir, "--cluster-tls", join(tlsDir, name), "--keyring", keyringFile, ...positionals], { stdio: ["ignore", "pipe", "pipe"] });
  prefix(name, child.stdout, process.stdout);
  prefix(name, child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`launch: ${name} exited (${signal ?? code}); stopping the others\n`);
      stop();
    }
    if (children.size === 0) process.exit(stopping ? 0 : 1);
  });
  children.set(name, child);
}

{
  const nodes = names.map((_, i) => `127.0.0.1:${basePort + i}`).join(",");
  const args = ["--listen", `127.0.0.1:${gatewayPort}`, "--nodes", nodes, "--credentials-file", credentialsFile, "--create-credentials", "--cluster-tls", join(tlsDir, "gateway")];
  const child = spawn(process.execPath, [...loader, gatewayMain, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  prefix("gw", child.stdout, process.stdout);
  prefix("gw", child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    children.delete("gateway");
    if (!stopping) {
      process.stderr.write(`launch: the gateway exited (${signal ?? code}); stopping the nodes\n`);
      stop();
    }
    if (children.size === 0) process.exit(stopping ? 0 : 1);
  });
  children.set("gateway", child);
}

const endpoint = `http://127.0.0.1:${gatewayPort}`;
// The gateway writes the credentials file on its first start; print the key from it.
void waitForFile(credentialsFile).then((key) =>
  process.stdout.write(
    [
      `launch: three nodes on ${names.map((n, i) => `${n}=127.0.0.1:${basePort + i}`).join(", ")}; data under ${values["data-dir"]}.`,
      `launch: Kinesis endpoint ${endpoint}   (Ctrl-C stops everything)`,
      `launch: requests are signed with the key in ${credentialsFile}:`,
      `launch:   export AWS_ACCESS_KEY_ID=${key?.accessKeyId ?? "?"} AWS_SECRET_ACCESS_KEY=${key?.secretAccessKey ?? "?"} AWS_DEFAULT_REGION=us-east-1`,
      `launch: try   aws --endpoint-url ${endpoint} kinesis list-streams`,
      `launch: node ports take mutual TLS; the operator's certificate: export TRIBUTARY_CLUSTER_TLS=${join(tlsDir, "operator")}   (then pnpm tributary status)`,
      "",
    ].join("\n"),
  ),
);

/** The first key of the credentials file, once it exists (10 s at most). */
async function waitForFile(path: string): Promise<{ accessKeyId: string; secretAccessKey: string } | undefined> {
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { keys: { accessKeyId: string; secretAccessKey: string }[] }).keys[0];
  } catch {
    return undefined;
  }
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill("SIGTERM");
  // A node that does not stop within 10 s is killed.
  setTimeout(() => {
    for (const child of children.values()) child.kill("SIGKILL");
  }, 10_000).unref();
}

process.on("SIGINT", stop);
process.on("SIGTERM", stop);
