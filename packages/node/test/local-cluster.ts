/**
 * Three real node processes on loopback, for tests: start, SIGKILL, restart,
 * wipe, and wait for conditions. Every process it starts, it stops by PID.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeClient } from "../src/node-client.js";

const mainScript = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface ClusterNode {
  readonly name: string;
  readonly port: number;
  readonly dataDir: string;
  process: ChildProcess | undefined;
  client: NodeClient;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ""}`);
}

export interface CatalogView {
  streams: Record<string, { status: string; shards: { groupId: number; shardId: string }[] }>;
}

export class LocalCluster {
  readonly nodes: ClusterNode[] = [];
  readonly dir: string;
  private readonly peers: string;

  private constructor(
    ports: number[],
    private extraArgs: string[],
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "tributary-cluster-"));
    const names = ["az-a", "az-b", "az-c"];
    this.peers = names.map((n, i) => `${n}=127.0.0.1:${ports[i]}`).join(",");
    names.forEach((name, i) => {
      const port = ports[i] as number;
      this.nodes.push({ name, port, dataDir: join(this.dir, name), process: undefined, client: new NodeClient(`127.0.0.1:${port}`) });
    });
  }

  static async start(extraArgs: string[] = []): Promise<LocalCluster> {
    const ports = [await freePort(), await freePort(), await freePort()];
    const cluster = new LocalCluster(ports, extraArgs);
    for (const n of cluster.nodes) cluster.startNode(n.name);
    await cluster.waitForMetaLeader();
    return cluster;
  }

  /** Flags for nodes started from now on (e.g. a clock skew for a retention test). */
  setNodeArgs(args: string[]): void {
    this.extraArgs = args;
  }

  node(name: string): ClusterNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  startNode(name: string): void {
    const n = this.node(name);
    if (n.process) throw new Error(`${name} is already running`);
    mkdirSync(n.dataDir, { recursive: true });
    const log = createWriteStream(join(this.dir, `${name}.log`), { flags: "a" });
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", mainScript, "--name", name, "--peers", this.peers, "--data-dir", n.dataDir, "--log-level", "info", "--join-timeout-ms", "60000", ...this.extraArgs],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on("exit", () => {
      if (n.process === child) n.process = undefined;
    });
    n.process = child;
  }

  /** Stops a node with a signal (SIGKILL by default) and waits for it to exit. */
  async stopNode(name: string, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const n = this.node(name);
    const child = n.process;
    if (!child || child.exitCode !== null) {
      n.process = undefined;
      return;
    }
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
    n.process = undefined;
  }

  wipe(name: string): void {
    const n = this.node(name);
    if (n.process) throw new Error(`stop ${name} before wiping it`);
    rmSync(n.dataDir, { recursive: true, force: true });
  }

  async waitForMetaLeader(timeoutMs = 30_000): Promise<string> {
    return waitFor("a meta leader", async () => {
      for (const n of this.nodes) {
        if (!n.process) continue;
        const s = await n.client.status().catch(() => undefined);
        const meta = s?.groups.find((g) => g.groupId === 0);
        if (meta?.state === "leader") return n.name;
      }
      return undefined;
    }, timeoutMs);
  }

  /** Proposes a catalog command at whichever node is the meta leader. */
  async propose(command: unknown, timeoutMs = 20_000): Promise<{ ok: boolean; code?: string; message?: string }> {
    return waitFor("a catalog proposal to be accepted", async () => {
      for (const n of this.nodes) {
        if (!n.process) continue;
        const r = await n.client.propose(command).catch(() => undefined);
        if (r?.resultJson) return JSON.parse(r.resultJson) as { ok: boolean; code?: string; message?: string };
      }
      return undefined;
    }, timeoutMs, 200);
  }

  async catalog(): Promise<CatalogView> {
    return waitFor<CatalogView>("the catalog", async () => {
      for (const n of this.nodes) {
        if (!n.process) continue;
        const r = await n.client.getCatalog().catch(() => undefined);
        if (r?.catalogJson) return (JSON.parse(r.catalogJson) as { catalog: CatalogView }).catalog;
      }
      return undefined;
    });
  }

  /** The node currently leading a group, by asking the live nodes. */
  async leaderOf(groupId: number): Promise<string | undefined> {
    for (const n of this.nodes) {
      if (!n.process) continue;
      const s = await n.client.status().catch(() => undefined);
      const g = s?.groups.find((x) => x.groupId === groupId);
      if (g?.state === "leader") return n.name;
    }
    return undefined;
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) {
      await this.stopNode(n.name, "SIGTERM").catch(() => undefined);
      n.client.close();
    }
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
