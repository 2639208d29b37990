/**
 * A cluster of real processes for tests, benchmarks and chaos runs: three
 * nodes and (unless told otherwise) a gateway.
 *
 * As root (with iproute2) every process gets a network namespace of its own,
 * joined by a bridge this makes: node i at 10.213.<k>.i, the gateway at .4,
 * this process reaching them over the bridge. isolate() then adds blackhole
 * routes inside the namespaces, so packets between cut-off members vanish the
 * way they do in a real partition (no reset, no error: silence). Otherwise
 * the processes share loopback and isolate() is unsupported.
 *
 * kill() is SIGKILL, pause() is SIGSTOP, both by PID. Every process started is
 * stopped by PID, and stop() removes the namespaces, the bridge and the data.
 */
import { clusterCredentialsFlag } from "./credentials.js";
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalog__Output, CatalogCommand, GatewayApiCaller, NodeStatus__Output, PeerApiCaller, ProposeCatalogResponse__Output } from "@tributary/protocol";
import { channelCredentials, ensureClusterCertificates, ensureKeyring, grpcGatewayApiCaller, grpcPeerApiCaller, loadClusterTls } from "@tributary/protocol";
import { freePort } from "./ports.js";
import { waitFor, waitForGateway } from "./wait.js";

export const NODE_NAMES = ["az-a", "az-b", "az-c"] as const;
export type NodeName = (typeof NODE_NAMES)[number];
export type Member = NodeName | "gateway";

const loadedFromSource = import.meta.url.endsWith(".ts");
const packagesDir = fileURLToPath(new URL("../../", import.meta.url));

/** How a member's program is started: from source under tsx, or compiled (dist/, as deployed). */
function programOf(pkg: "node" | "gateway", fromSource: boolean): string[] {
  if (fromSource) return ["--conditions=source", "--import", "tsx", join(packagesDir, pkg, "src/main.ts")];
  const main = join(packagesDir, pkg, "dist/main.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: run pnpm build first`);
  return [main];
}

/** Sends `signal` to a running child (then SIGKILL after 10 s) and waits for it to exit. */
export async function stopProcess(child: ChildProcess, name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGCONT"); // a paused process must run to act on SIGTERM
  child.kill(signal);
  const timer = setTimeout(() => {
    // Said aloud: a process slow to stop on SIGTERM is worth knowing about (a member's log is in the cluster's directory).
    process.stderr.write(`process cluster: ${name} (pid ${child.pid}) had not exited 10 s after ${signal}; sending SIGKILL\n`);
    child.kill("SIGKILL");
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

const NODE_PORT = 7001;
const GATEWAY_PORT = 4567;

export interface ProcessClusterOptions {
  /** "netns" needs root and iproute2; "auto" (default) uses it when it can; "loopback" never does. */
  network?: "netns" | "loopback" | "auto";
  /** Whether to start a gateway (default true). */
  gateway?: boolean;
  /** Extra flags for every node (e.g. ["--fsync", "false"]). */
  nodeArgs?: string[];
  /** Extra flags for the gateway (e.g. ["--shard-limit", "2048"]). */
  gatewayArgs?: string[];
  /** Flags for the Node.js runtime of every process (e.g. ["--cpu-prof", "--cpu-prof-dir", dir]). */
  runtimeArgs?: string[];
  /** Where data and process logs go (default: a new temporary directory, removed by stop()). */
  dir?: string;
  /**
   * Runs the nodes and the gateway from their compiled code (dist/, as
   * deployed; `pnpm build` first) rather than from source under tsx, whose
   * start compiles every file; default: the way this module was loaded.
   */
  built?: boolean;
}

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** Whether network namespaces can be made here: root, iproute2, and the kernel allowing it. */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = `tcprobe${process.pid % 100_000}`;
  try {
    ip("netns", "add", probe);
    ip("netns", "del", probe);
    return true;
  } catch {
    return false;
  }
}

function hasIptables(): boolean {
  try {
    execFileSync("iptables", ["-S", "FORWARD"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export class ProcessCluster {
  endpoint = "";
  partitionsUnsupported: string | undefined;

  private readonly dir: string;
  private readonly ownsDir: boolean;
  private nodeArgs: string[];
  private readonly gatewayArgs: string[];
  private readonly runtimeArgs: string[];
  private readonly fromSource: boolean;
  private readonly withGateway: boolean;
  private readonly wantNetwork: "netns" | "loopback" | "auto";
  private netns = false;
  /** The third octet of this cluster's subnet, and the prefix of its interface and namespace names. */
  private readonly subnet = 20 + (process.pid % 200);
  private readonly addresses = new Map<Member, string>(); // member -> host:port it serves on
  private readonly processes = new Map<Member, ChildProcess>();
  private readonly blackholes = new Map<string, [from: Member, to: Member]>();
  private readonly gatewayCallers = new Map<NodeName, GatewayApiCaller>();
  private readonly peerCallers = new Map<NodeName, PeerApiCaller>();
  /** Each member's cluster TLS directory, and this harness's own (it calls the nodes as an operator). */
  private tlsDirs = new Map<string, string>();
  /** The keyring file every node loads (master keys for encryption at rest). */
  get keyringFile(): string {
    return join(this.dir, "keyring.json");
  }
  private credentials: ReturnType<typeof channelCredentials> | undefined;

  constructor(options: ProcessClusterOptions = {}) {
    this.ownsDir = !options.dir;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), "tributary-cluster-"));
    this.nodeArgs = options.nodeArgs ?? [];
    this.gatewayArgs = options.gatewayArgs ?? [];
    this.runtimeArgs = options.runtimeArgs ?? [];
    this.fromSource = !(options.built ?? !loadedFromSource);
    this.withGateway = options.gateway ?? true;
    this.wantNetwork = options.network ?? "auto";
  }

  /** Starts a cluster and waits until it serves: the gateway answers, or (without one) the meta group has a leader. */
  static async start(options: ProcessClusterOptions = {}): Promise<ProcessCluster> {
    const cluster = new ProcessCluster(options);
    await cluster.start();
    return cluster;
  }

  private prefix(): string {
    return `tc${this.subnet}`;
  }

  private namespaceOf(member: Member): string {
    return `${this.prefix()}-${member === "gateway" ? "gw" : member.slice(3)}`;
  }

  private ipOf(member: Member): string {
    const host = member === "gateway" ? 4 : NODE_NAMES.indexOf(member) + 1;
    return `10.213.${this.subnet}.${host}`;
  }

  async start(): Promise<void> {
    this.netns = this.wantNetwork === "netns" || (this.wantNetwork === "auto" && netnsAvailable());
    if (this.netns) {
      this.makeNetwork();
      for (const n of NODE_NAMES) this.addresses.set(n, `${this.ipOf(n)}:${NODE_PORT}`);
      this.addresses.set("gateway", `${this.ipOf("gateway")}:${GATEWAY_PORT}`);
      this.partitionsUnsupported = undefined;
    } else {
      for (const n of NODE_NAMES) this.addresses.set(n, `127.0.0.1:${await freePort()}`);
      this.addresses.set("gateway", `127.0.0.1:${await freePort()}`);
      this.partitionsUnsupported = "partitions need network namespaces (root and iproute2); these processes share loopback";
    }
    this.endpoint = `http://${this.addresses.get("gateway")}`;
    // Node ports take mutual TLS from a CA made for this cluster (kept across restarts in its directory).
    const tlsDir = join(this.dir, "cluster-tls");
    this.tlsDirs = await ensureClusterCertificates(tlsDir, [...NODE_NAMES, "gateway", "operator"]);
    this.credentials = channelCredentials(loadClusterTls(this.tlsDirs.get("operator") as string));
    // One keyring of master keys (encryption at rest) for every node.
    ensureKeyring(this.keyringFile);
    for (const n of NODE_NAMES) this.spawnMember(n);
    if (this.withGateway) {
      this.spawnMember("gateway");
      await waitForGateway(this.endpoint, 60_000);
    } else {
      await this.waitForMetaLeader(60_000);
    }
  }

  /** A bridge, and for each member a namespace with a veth into it. */
  private makeNetwork(): void {
    this.removeNetwork(); // leftovers of an earlier run that died
    const bridge = `${this.prefix()}-br`;
    ip("link", "add", bridge, "type", "bridge");
    // Where bridged packets pass through iptables (br_netfilter, which Docker
    // loads, with a FORWARD policy of DROP), let this bridge's own through.
    if (hasIptables()) execFileSync("iptables", ["-I", "FORWARD", "1", ...this.forwardRule()], { stdio: "ignore" });
    ip("addr", "add", `10.213.${this.subnet}.254/24`, "dev", bridge);
    ip("link", "set", bridge, "up");
    for (const member of [...NODE_NAMES, "gateway"] as Member[]) {
      const ns = this.namespaceOf(member);
      const veth = `${ns}-v`;
      ip("netns", "add", ns);
      ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
      ip("link", "set", veth, "master", bridge, "up");
      ip("-n", ns, "addr", "add", `${this.ipOf(member)}/24`, "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
  }

  private removeNetwork(): void {
    for (const member of [...NODE_NAMES, "gateway"] as Member[]) {
      const ns = this.namespaceOf(member);
      if (existsSync(`/var/run/netns/${ns}`)) ip("netns", "del", ns);
    }
    if (existsSync(`/sys/class/net/${this.prefix()}-br`)) ip("link", "del", `${this.prefix()}-br`);
    if (hasIptables()) {
      for (let i = 0; i < 10; i++) {
        try {
          execFileSync("iptables", ["-D", "FORWARD", ...this.forwardRule()], { stdio: "ignore" });
        } catch {
          break; // no (more) such rule
        }
      }
    }
  }

  /** A member's cluster TLS directory (ca.pem, cert.pem, key.pem): "gateway" for a gateway a test runs itself, "operator" for tools. */
  tlsDir(member: Member | "operator"): string {
    const dir = this.tlsDirs.get(member);
    if (!dir) throw new Error("the cluster has not started: no certificates yet");
    return dir;
  }

  private forwardRule(): string[] {
    const bridge = `${this.prefix()}-br`;
    return ["-i", bridge, "-o", bridge, "-j", "ACCEPT"];
  }

  private spawnMember(member: Member): void {
    if (this.processes.has(member)) throw new Error(`${member} is already running`);
    const address = this.addresses.get(member) as string;
    let args: string[];
    if (member === "gateway") {
      const nodes = NODE_NAMES.map((n) => this.addresses.get(n)).join(",");
      args = [...this.runtimeArgs, ...programOf("gateway", this.fromSource), "--listen", address, "--nodes", nodes, "--log-level", "info", "--credentials", clusterCredentialsFlag, "--cluster-tls", this.tlsDirs.get("gateway") as string, ...this.gatewayArgs];
    } else {
      const peers = NODE_NAMES.map((n) => `${n}=${this.addresses.get(n)}`).join(",");
      const dataDir = this.dataDir(member);
      mkdirSync(dataDir, { recursive: true });
      args = [...this.runtimeArgs, ...programOf("node", this.fromSource), "--name", member, "--peers", peers, "--data-dir", dataDir, "--join-timeout-ms", "120000", "--cluster-tls", this.tlsDirs.get(member) as string, "--keyring", this.keyringFile, ...this.nodeArgs];
    }
    // `ip netns exec` execs the program in place, so the PID is the program's.
    const [command, argv] = this.netns ? ["ip", ["netns", "exec", this.namespaceOf(member), process.execPath, ...args]] : [process.execPath, args];
    const log = createWriteStream(join(this.dir, `${member}.log`), { flags: "a" });
    const child = spawn(command as string, argv as string[], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on("exit", () => {
      if (this.processes.get(member) === child) this.processes.delete(member);
    });
    this.processes.set(member, child);
  }

  /** Sends `signal` (then SIGKILL after 10 s) and waits for the process to exit. */
  async stopMember(member: Member, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.processes.get(member);
    if (child) await stopProcess(child, member, signal); // returns at once for a process already gone
    this.processes.delete(member);
  }

  // ------------------------------------------------------------ faults

  /** kill -9: the node stops at once. */
  async kill(node: NodeName): Promise<void> {
    await this.stopMember(node, "SIGKILL");
  }

  /** Starts a stopped node again, on its data (with the node flags set now). */
  async restart(node: NodeName): Promise<void> {
    this.spawnMember(node);
  }

  async pause(node: NodeName): Promise<void> {
    this.processes.get(node)?.kill("SIGSTOP");
  }

  async resume(node: NodeName): Promise<void> {
    this.processes.get(node)?.kill("SIGCONT");
  }

  /** Deletes a stopped node's data directory (a lost disk). */
  wipe(node: NodeName): void {
    if (this.processes.has(node)) throw new Error(`stop ${node} before wiping it`);
    rmSync(this.dataDir(node), { recursive: true, force: true });
  }

  /** Flags for nodes started from now on (e.g. a clock skew for a retention test). */
  setNodeArgs(args: string[]): void {
    this.nodeArgs = args;
  }

  async isolate(nodes: readonly NodeName[]): Promise<void> {
    if (this.partitionsUnsupported) throw new Error(this.partitionsUnsupported);
    for (const cut of nodes) {
      for (const other of [...NODE_NAMES, "gateway"] as Member[]) {
        if (other === cut) continue;
        // Both directions: each side drops what it would send to the other.
        this.blackhole(cut, other);
        this.blackhole(other, cut);
      }
    }
  }

  /** Drops, inside `from`'s namespace, every packet addressed to `to`. */
  private blackhole(from: Member, to: Member): void {
    const route = `${from}>${to}`;
    if (this.blackholes.has(route)) return;
    ip("-n", this.namespaceOf(from), "route", "add", "blackhole", `${this.ipOf(to)}/32`);
    this.blackholes.set(route, [from, to]);
  }

  async heal(): Promise<void> {
    for (const [from, to] of this.blackholes.values()) ip("-n", this.namespaceOf(from), "route", "del", "blackhole", `${this.ipOf(to)}/32`);
    this.blackholes.clear();
  }

  // ------------------------------------------------------------ looking in

  /** The gateway-facing API of a node (a caller kept for the cluster's life). */
  gatewayApi(node: NodeName): GatewayApiCaller {
    let c = this.gatewayCallers.get(node);
    if (!c) this.gatewayCallers.set(node, (c = grpcGatewayApiCaller(this.nodeAddress(node), this.credentials)));
    return c;
  }

  /** The peer API of a node (status, for one). */
  peerApi(node: NodeName): PeerApiCaller {
    let c = this.peerCallers.get(node);
    if (!c) this.peerCallers.set(node, (c = grpcPeerApiCaller(this.nodeAddress(node), this.credentials)));
    return c;
  }

  /** The node's view of its Raft groups, or undefined if it does not answer. */
  async status(node: NodeName): Promise<NodeStatus__Output | undefined> {
    if (!this.processes.has(node)) return undefined;
    return this.peerApi(node)
      .status({}, 5_000)
      .catch(() => undefined);
  }

  /** The node leading a group (0 is the meta group), by asking the running nodes. */
  async leaderOf(groupId: number): Promise<NodeName | undefined> {
    for (const n of NODE_NAMES) {
      const s = await this.status(n);
      if (s?.groups.find((g) => g.groupId === groupId)?.state === "leader") return n;
    }
    return undefined;
  }

  async waitForMetaLeader(timeoutMs = 30_000): Promise<NodeName> {
    return waitFor("a meta leader", () => this.leaderOf(0), timeoutMs);
  }

  /** Proposes a catalog command at whichever node leads the meta group (leadership may move meanwhile); the answer once one gives it. */
  async proposeCatalog(command: CatalogCommand, timeoutMs = 30_000): Promise<ProposeCatalogResponse__Output> {
    return waitFor(
      "a catalog proposal to be decided",
      async () => {
        const res = await this.gatewayApi(await this.waitForMetaLeader(timeoutMs)).proposeCatalog({ command }, 10_000);
        return res.notLeader ? undefined : res;
      },
      timeoutMs,
      200,
    );
  }

  /** The catalog as the meta leader has it. */
  async catalog(timeoutMs = 30_000): Promise<Catalog__Output> {
    return waitFor(
      "the catalog",
      async () => (await this.gatewayApi(await this.waitForMetaLeader(timeoutMs)).getCatalog({}, 5_000)).catalog?.catalog ?? undefined,
      timeoutMs,
      200,
    );
  }

  running(member: Member): boolean {
    return this.processes.has(member);
  }

  /** The PID of a running member's process (the program itself, also in a namespace), or undefined. */
  pid(member: Member): number | undefined {
    return this.processes.get(member)?.pid;
  }

  /** The address a node serves its API on. */
  nodeAddress(node: NodeName): string {
    return this.addresses.get(node) as string;
  }

  dataDir(node: NodeName): string {
    return join(this.dir, node);
  }

  /** Where the process logs and data are. */
  get directory(): string {
    return this.dir;
  }

  /** Stops every process (SIGTERM), removes the network and, unless given, the directory. */
  async stop(): Promise<void> {
    await this.stopMember("gateway", "SIGTERM");
    await Promise.all(NODE_NAMES.map((n) => this.stopMember(n, "SIGTERM")));
    for (const c of this.gatewayCallers.values()) c.close();
    for (const c of this.peerCallers.values()) c.close();
    this.gatewayCallers.clear();
    this.peerCallers.clear();
    if (this.netns) {
      this.blackholes.clear();
      this.removeNetwork();
    }
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
