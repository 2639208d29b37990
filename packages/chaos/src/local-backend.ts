/**
 * The cluster as local processes (three nodes and a gateway; network
 * namespaces as root, so partitions are real): the test kit's process
 * cluster, seen as a chaos backend. The bystander (the bystander-restart
 * control) is an idle Node.js process: restarting it costs the host what
 * starting a runtime does, and the cluster nothing of its own.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { NodeName, ProcessClusterOptions } from "@tributary/testkit";
import { NODE_NAMES, ProcessCluster, stopProcess } from "@tributary/testkit";
import type { ClusterBackend } from "./backend.js";

export class LocalBackend extends ProcessCluster implements ClusterBackend {
  readonly kind = "local";
  private bystander: ChildProcess | undefined;

  /** Chaos runs load the cluster as hard as it takes: the gateway's per-shard throughput limits are off. */
  constructor(options: ProcessClusterOptions = {}) {
    super({ ...options, gatewayArgs: ["--throughput-limits", "off", ...(options.gatewayArgs ?? [])] });
  }

  async terminate(node: NodeName): Promise<void> {
    await this.stopMember(node, "SIGTERM");
  }

  async shardLeader(stream: string, shardId: string): Promise<NodeName | undefined> {
    const shard = (await this.catalog(10_000)).streams.find((s) => s.name === stream)?.shards.find((s) => s.shardId === shardId);
    return shard ? this.leaderOf(shard.groupId) : undefined;
  }

  /** Each member's log (az-a.log, ..., gateway.log), copied. */
  async saveLogs(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    for (const member of [...NODE_NAMES, "gateway"]) {
      const log = join(this.directory, `${member}.log`);
      if (existsSync(log)) copyFileSync(log, join(dir, `${member}.log`));
    }
  }

  async startBystander(): Promise<void> {
    if (this.bystander) return;
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
    await once(child, "spawn");
    this.bystander = child;
  }

  async restartBystander(): Promise<{ stoppedAt: number; startedAt: number }> {
    if (!this.bystander) throw new Error("no bystander: call startBystander() first");
    await this.stopBystander();
    const stoppedAt = Date.now();
    await this.startBystander();
    return { stoppedAt, startedAt: Date.now() };
  }

  private async stopBystander(): Promise<void> {
    if (this.bystander) await stopProcess(this.bystander, "the bystander");
    this.bystander = undefined;
  }

  override async stop(): Promise<void> {
    await this.stopBystander();
    await super.stop();
  }
}
