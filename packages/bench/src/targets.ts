/**
 * What the benchmarks run against: our three-node cluster with its gateway
 * (local processes on loopback, from the chaos harness), and kinesalite (a
 * single process, LevelDB-backed with --path), each started and stopped here.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "node:http";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { LocalBackend } from "@tributary/chaos";
import { clusterCredentials, freePort, NODE_NAMES, waitFor } from "@tributary/testkit";
import type { Member } from "@tributary/testkit";

export type Transport = "h1" | "h2";

export interface Target {
  readonly name: "tributary" | "kinesalite";
  readonly endpoint: string;
  /** The server processes by name, for CPU and memory. */
  pids(): Map<string, number>;
  stop(): Promise<void>;
}

/** Three nodes and a gateway on loopback (LocalBackend: no per-shard throughput limits, which kinesalite does not have either). `nodeArgs` e.g. ["--fsync", "false"]. */
export async function startTributary(nodeArgs: string[] = []): Promise<Target & { backend: LocalBackend }> {
  const backend = new LocalBackend({ network: "loopback", nodeArgs });
  await backend.start();
  const members: Member[] = [...NODE_NAMES, "gateway"];
  return {
    name: "tributary",
    endpoint: backend.endpoint,
    backend,
    pids: () => new Map(members.flatMap((m) => (backend.pid(m) === undefined ? [] : [[m, backend.pid(m) as number] as const]))),
    stop: () => backend.stop(),
  };
}

export async function startKinesalite(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "kinesalite-"));
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve("kinesalite/cli.js");
  const child: ChildProcess = spawn(process.execPath, [cli, "--port", String(port), "--path", dir, "--createStreamMs", "0", "--deleteStreamMs", "0", "--updateStreamMs", "0"], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  // kinesalite wants a signature on every call; any HTTP answer means it is up.
  await waitFor("kinesalite to listen", async () => (await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(2_000) })).status > 0, 30_000);
  return {
    name: "kinesalite",
    endpoint,
    pids: () => new Map(child.pid === undefined ? [] : [["kinesalite", child.pid]]),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An SDK client. "h2" is the SDK's default for an http:// endpoint (cleartext
 * HTTP/2); "h1" is NodeHttpHandler over keep-alive HTTP/1.1, the only thing
 * kinesalite speaks, so both sides can be given the same client.
 */
export function kinesisClient(endpoint: string, transport: Transport): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: clusterCredentials,
    maxAttempts: 1,
    ...(transport === "h1" ? { requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) }) } : {}),
  });
}
