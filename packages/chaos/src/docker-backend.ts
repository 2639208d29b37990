/**
 * The cluster as the containers of docker-compose.yml, under a compose
 * project of its own (so it never touches a user's `tributary` project).
 *
 * start() runs deploy/compose.sh, which installs and starts Docker when
 * needed and builds the images (from a local base image where no registry
 * is reachable). kill() is `docker kill` (SIGKILL), pause() is `docker pause`
 * (the cgroup freezer), isolate() is `docker network disconnect` from the
 * project's network, and heal() connects the containers again under their
 * service names. stop() is `down -v`: containers, network and data volumes go.
 *
 * status() asks a node over gRPC from this process, at the container's
 * address on the project's network, with a copy of a node's TLS files taken
 * at start(): a `docker exec` of the status tool would start a Node.js
 * process in the container for every poll (about 0.1 s of CPU each, several
 * a second while a rolling restart waits for a node), which on a small
 * machine takes CPU from the cluster it is measuring. Only a node cut off
 * from the network is asked through `docker exec`.
 *
 * The bystander (the bystander-restart control) is a container of the same
 * image on the project's network that only waits for its SIGTERM: restarting
 * it costs Docker what restarting a node's container does, and the cluster
 * nothing of its own.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { ClusterTls, NodeStatus__Output, PeerApiCaller } from "@tributary/protocol";
import { channelCredentials, grpcPeerApiCaller, loadClusterTls } from "@tributary/protocol";
import type { ClusterBackend, NodeName } from "./backend.js";
import { NODE_NAMES } from "./backend.js";
import { clusterCredentialsFlag, waitForGateway } from "@tributary/testkit";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface DockerBackendOptions {
  /** The compose project name (default tributary-chaos). */
  project?: string;
  /** The gateway's port on 127.0.0.1 (default 4599, so as not to clash with a running cluster on 4567). */
  gatewayPort?: number;
}

export class DockerBackend implements ClusterBackend {
  readonly kind = "docker";
  readonly endpoint: string;
  readonly partitionsUnsupported = undefined;
  private readonly project: string;
  private readonly gatewayPort: number;
  private readonly containers = new Map<NodeName, string>();
  private readonly disconnected = new Set<NodeName>();
  private network = "";
  /** A node's TLS files, copied out of its volume at start(): what status() dials with. */
  private tlsDir = "";
  private tls: ClusterTls | undefined;
  /** status() callers, each at the address its container had when it was made (dropped when a call fails). */
  private readonly statusCallers = new Map<NodeName, PeerApiCaller>();
  private bystander = "";

  constructor(options: DockerBackendOptions = {}) {
    this.project = options.project ?? "tributary-chaos";
    this.gatewayPort = options.gatewayPort ?? 4599;
    this.endpoint = `http://127.0.0.1:${this.gatewayPort}`;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, COMPOSE_PROJECT_NAME: this.project, TRIBUTARY_GATEWAY_PORT: String(this.gatewayPort), TRIBUTARY_CREDENTIALS: clusterCredentialsFlag, TRIBUTARY_THROUGHPUT_LIMITS: "off" };
  }

  /** Runs deploy/compose.sh with the given arguments (docker-compose's, or `up`). */
  private async compose(...args: string[]): Promise<string> {
    const { stdout } = await run("bash", ["deploy/compose.sh", ...args], { cwd: repoRoot, env: this.env(), maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
    return stdout;
  }

  private async docker(...args: string[]): Promise<string> {
    const { stdout } = await run("docker", args, { timeout: 120_000 });
    return stdout.trim();
  }

  private container(node: NodeName): string {
    const id = this.containers.get(node);
    if (!id) throw new Error(`${node}: no container (is the cluster started?)`);
    return id;
  }

  private bystanderName(): string {
    return `${this.project}-bystander`;
  }

  async start(): Promise<void> {
    // Leftovers of an earlier run that died (a bystander would keep the network from going).
    await this.docker("rm", "-f", this.bystanderName()).catch(() => undefined);
    await this.compose("down", "-v").catch(() => undefined);
    await this.compose("up");
    for (const n of NODE_NAMES) this.containers.set(n, (await this.compose("ps", "-q", n)).trim());
    this.network = (await this.docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", this.container("az-a"))).split(" ")[0] as string;
    this.tlsDir = mkdtempSync(join(tmpdir(), "tributary-chaos-tls-"));
    await this.docker("cp", `${this.container("az-a")}:/var/lib/tributary-tls/.`, this.tlsDir);
    this.tls = loadClusterTls(this.tlsDir);
    await waitForGateway(this.endpoint, 120_000);
  }

  async kill(node: NodeName): Promise<void> {
    await this.docker("kill", "--signal", "KILL", this.container(node));
  }

  async terminate(node: NodeName): Promise<void> {
    await this.docker("stop", "--time", "15", this.container(node));
  }

  async restart(node: NodeName): Promise<void> {
    this.forgetStatusCaller(node); // a container started again may get another address
    await this.docker("start", this.container(node));
  }

  /** A lost disk: empties the node's data volume (its container stopped), as a new machine would start. */
  async wipe(node: NodeName): Promise<void> {
    const container = this.container(node);
    const volume = await this.docker("inspect", "-f", '{{range .Mounts}}{{if eq .Destination "/var/lib/tributary"}}{{.Name}}{{end}}{{end}}', container);
    const image = await this.docker("inspect", "-f", "{{.Config.Image}}", container);
    if (!volume) throw new Error(`${node}: no data volume on its container`);
    // The image has node and little else: node empties the volume.
    const empty = "const fs = require('fs'); for (const f of fs.readdirSync('/data')) fs.rmSync('/data/' + f, { recursive: true, force: true });";
    await this.docker("run", "--rm", "--user", "root", "-v", `${volume}:/data`, "--entrypoint", "node", image, "-e", empty);
  }

  async pause(node: NodeName): Promise<void> {
    await this.docker("pause", this.container(node));
  }

  async resume(node: NodeName): Promise<void> {
    await this.docker("unpause", this.container(node));
  }

  async isolate(nodes: readonly NodeName[]): Promise<void> {
    for (const n of nodes) {
      if (this.disconnected.has(n)) continue;
      await this.docker("network", "disconnect", this.network, this.container(n));
      this.disconnected.add(n);
    }
  }

  async heal(): Promise<void> {
    for (const n of this.disconnected) {
      // The service name is the address the others know this node by.
      await this.docker("network", "connect", "--alias", n, this.network, this.container(n));
      this.disconnected.delete(n);
      this.forgetStatusCaller(n);
    }
  }

  async startBystander(): Promise<void> {
    if (this.bystander) return;
    const image = await this.docker("inspect", "-f", "{{.Config.Image}}", this.container("az-a"));
    // The shell is PID 1, which has no default action for SIGTERM: it exits on it by its trap.
    this.bystander = await this.docker("run", "-d", "--name", this.bystanderName(), "--network", this.network, "--entrypoint", "sh", image, "-c", 'trap "exit 0" TERM; sleep 86400 & wait');
  }

  async restartBystander(): Promise<{ stoppedAt: number; startedAt: number }> {
    if (!this.bystander) throw new Error("no bystander: call startBystander() first");
    await this.docker("stop", "--time", "15", this.bystander);
    const stoppedAt = Date.now();
    await this.docker("start", this.bystander);
    return { stoppedAt, startedAt: Date.now() };
  }

  /** Every service's log, as `docker-compose logs` gives it (each line after its container's name), in compose.log. */
  async saveLogs(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "compose.log"), await this.compose("logs", "--no-color"));
  }

  async status(node: NodeName): Promise<NodeStatus__Output | undefined> {
    if (this.disconnected.has(node) || !this.tls) return this.statusThroughExec(node);
    try {
      return await (await this.statusCaller(node)).status({}, 5_000);
    } catch {
      this.forgetStatusCaller(node); // stopped or starting: look its address up again next time
      return undefined;
    }
  }

  private forgetStatusCaller(node: NodeName): void {
    this.statusCallers.get(node)?.close();
    this.statusCallers.delete(node);
  }

  private async statusCaller(node: NodeName): Promise<PeerApiCaller> {
    let caller = this.statusCallers.get(node);
    if (!caller) {
      const address = await this.docker("inspect", "-f", `{{with index .NetworkSettings.Networks "${this.network}"}}{{.IPAddress}}{{end}}`, this.container(node));
      if (!address) throw new Error(`${node}: no address on ${this.network}`);
      caller = grpcPeerApiCaller(`${address}:7001`, channelCredentials(this.tls));
      this.statusCallers.set(node, caller);
    }
    return caller;
  }

  /** A node cut off from the network is asked from inside its container. */
  private async statusThroughExec(node: NodeName): Promise<NodeStatus__Output | undefined> {
    try {
      const out = await this.docker("exec", this.container(node), "node", "packages/node/dist/status-main.js");
      return JSON.parse(out) as NodeStatus__Output;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    for (const caller of this.statusCallers.values()) caller.close();
    this.statusCallers.clear();
    if (this.bystander) await this.docker("rm", "-f", this.bystander).catch(() => undefined);
    this.bystander = "";
    await this.compose("down", "-v", "--timeout", "10");
    if (this.tlsDir) rmSync(this.tlsDir, { recursive: true, force: true });
  }
}
