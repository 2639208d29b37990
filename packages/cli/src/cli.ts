/**
 * `tributary`: the operator's command. It talks to the nodes' APIs only
 * (Status, TransferLeader, Drain and Compact of the peer API; GetCatalog and
 * ProposeCatalog of the gateway API), never to a gateway; `certs` and
 * `keyring` write the files a cluster is started with.
 *
 *   tributary status [--nodes ...] [--json]                     members, incarnations, health, leaders and sleeping groups per node
 *   tributary shards --stream NAME [--nodes ...] [--json]       each shard's leader, term and every replica's lag
 *   tributary transfer-leader --group N --to NODE [--nodes ...] move one group's leadership
 *   tributary drain --node NAME [--undo] [--nodes ...]          hand off every leadership of a node (and keep it leaderless), or undo
 *   tributary compact [--node NAME] [--nodes ...]               compact every group's log now (on one node, or all)
 *   tributary rotate-iterator-secret [--nodes ...]              sign new shard iterators and NextTokens with a new secret (those signed before stay valid until they expire)
 *   tributary certs DIR [--members az-a,az-b,az-c,gateway,operator] [--if-missing]   make a cluster CA and a certificate directory per member
 *   tributary keyring FILE [--if-missing | --add-key [--alias alias/NAME]]   make the nodes' keyring of master keys (encryption at rest), or add a key to it
 *
 * --nodes lists the nodes' API addresses (default: TRIBUTARY_NODES, or the
 * three local ones scripts/start.sh uses). --cluster-tls DIR (default:
 * TRIBUTARY_CLUSTER_TLS) is the operator's certificate directory when node
 * ports take mutual TLS. Exit status: 0 done, 1 the cluster did not do it,
 * 2 a usage error.
 */
import { parseArgs } from "node:util";
import type { GatewayApiCaller, NodeStatus__Output, PeerApiCaller } from "@tributary/protocol";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { MasterKey } from "@tributary/protocol";
import { channelCredentials, ensureClusterCertificates, ensureKeyring, grpcGatewayApiCaller, grpcPeerApiCaller, Keyring, KeyringError, loadClusterTls, writeKeyring } from "@tributary/protocol";
import { table } from "./table.js";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** How the command reaches a node (gRPC by default; tests may pass their own). */
export interface Connect {
  peer(address: string): PeerApiCaller;
  gateway(address: string): GatewayApiCaller;
}

/** gRPC, with the operator's certificate when node ports take mutual TLS. */
function grpcConnect(tlsDir: string): Connect {
  const credentials = channelCredentials(tlsDir ? loadClusterTls(tlsDir) : undefined);
  return { peer: (a) => grpcPeerApiCaller(a, credentials), gateway: (a) => grpcGatewayApiCaller(a, credentials) };
}
const defaultMembers = "az-a,az-b,az-c,gateway,operator";
const defaultNodes = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";
const callMs = 5_000;

class UsageError extends Error {}

interface Reached {
  readonly address: string;
  readonly status: NodeStatus__Output | undefined;
  readonly error: string | undefined;
}

/** Runs one command; returns the exit status. */
export async function run(argv: string[], io: Io, connectTo?: Connect): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: command === "certs" || command === "keyring",
      options: {
        "cluster-tls": { type: "string" },
        members: { type: "string" },
        "if-missing": { type: "boolean" },
        "add-key": { type: "boolean" },
        alias: { type: "string" },
        nodes: { type: "string" },
        json: { type: "boolean" },
        stream: { type: "string" },
        group: { type: "string" },
        to: { type: "string" },
        node: { type: "string" },
        undo: { type: "boolean" },
        "timeout-ms": { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`tributary: ${(err as Error).message}`);
    return 2;
  }
  if (command === "certs") return certs(positionals, String(values.members ?? defaultMembers), values["if-missing"] === true, io);
  if (command === "keyring") return keyring(positionals, values, io);
  let connect: Connect;
  try {
    connect = connectTo ?? grpcConnect(String(values["cluster-tls"] ?? process.env.TRIBUTARY_CLUSTER_TLS ?? ""));
  } catch (err) {
    io.err(`tributary: ${(err as Error).message}`);
    return 2;
  }
  const addresses = String(values.nodes ?? process.env.TRIBUTARY_NODES ?? defaultNodes)
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const peers = new Map(addresses.map((a) => [a, connect.peer(a)]));
  try {
    const reach = async (): Promise<Reached[]> =>
      Promise.all(
        addresses.map(async (address) => {
          try {
            return { address, status: await (peers.get(address) as PeerApiCaller).status({}, callMs), error: undefined };
          } catch (err) {
            return { address, status: undefined, error: (err as Error).message };
          }
        }),
      );
    switch (command) {
      case "status":
        return status(await reach(), values.json === true, io);
      case "shards":
        if (typeof values.stream !== "string") throw new UsageError("shards needs --stream NAME");
        return await shards(await reach(), values.stream, values.json === true, io, connect);
      case "transfer-leader": {
        const group = Number(values.group);
        if (!Number.isInteger(group) || group < 0 || typeof values.to !== "string") throw new UsageError("transfer-leader needs --group N and --to NODE");
        return await transferLeader(await reach(), peers, group, values.to, io);
      }
      case "drain": {
        if (typeof values.node !== "string") throw new UsageError("drain needs --node NAME");
        const timeoutMs = values["timeout-ms"] === undefined ? 10_000 : Number(values["timeout-ms"]);
        if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError("--timeout-ms must be a positive integer");
        return await drain(await reach(), peers, values.node, values.undo !== true, timeoutMs, io);
      }
      case "compact":
        return await compact(await reach(), peers, typeof values.node === "string" ? values.node : undefined, io);
      case "rotate-iterator-secret":
        return await rotateIteratorSecret(addresses, connect, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command ?? "")}: status, shards, transfer-leader, drain, compact, rotate-iterator-secret, certs or keyring`);
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`tributary: ${err.message}`);
    return 2;
  } finally {
    for (const p of peers.values()) p.close();
  }
}

/** Makes a cluster CA and one certificate directory per member, refusing to overwrite a CA. */
async function certs(positionals: string[], members: string, ifMissing: boolean, io: Io): Promise<number> {
  const [dir, ...extra] = positionals;
  const names = members.split(",").map((m) => m.trim()).filter(Boolean);
  if (!dir || extra.length > 0 || names.length === 0 || names.some((n) => !/^[\w.-]+$/.test(n))) {
    io.err("tributary: certs needs one directory, and --members as names separated by commas");
    return 2;
  }
  if (existsSync(join(dir, "ca.pem")) && !ifMissing) {
    io.err(`tributary: ${join(dir, "ca.pem")} exists; a new CA would not be trusted by members holding the old one`);
    return 2;
  }
  // With --if-missing, several processes may run this at once (containers sharing a volume): one set wins.
  const dirs = await ensureClusterCertificates(dir, names);
  for (const [member, memberDir] of dirs) io.out(`${member}: ${memberDir}`);
  io.out(`CA key: ${join(dir, "ca-key.pem")} (keep it off the members; it signs new ones)`);
  return 0;
}

/** Makes the nodes' keyring (one key under alias/aws/kinesis), or adds a key to it. */
function keyring(positionals: string[], values: Record<string, string | boolean | undefined>, io: Io): number {
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || (values.alias !== undefined && values["add-key"] !== true)) {
    io.err("tributary: keyring needs one file, and --alias only with --add-key");
    return 2;
  }
  try {
    if (values["add-key"] === true) {
      if (!existsSync(file)) throw new KeyringError(`${file} does not exist; make it first (tributary keyring ${file})`);
      const before = Keyring.load(file);
      const after = before.withNewKey(typeof values.alias === "string" ? values.alias : undefined);
      writeKeyring(file, after, true);
      const added = after.keys[after.keys.length - 1] as MasterKey;
      io.out(`added key ${added.id}${added.aliases.length > 0 ? ` (${added.aliases.join(", ")})` : ""} to ${file}; restart the nodes to load it`);
      return 0;
    }
    if (existsSync(file) && values["if-missing"] !== true) throw new KeyringError(`${file} exists; records sealed under its keys need them (use --add-key to add one)`);
    const made = ensureKeyring(file);
    for (const k of made.keys) io.out(`${k.id}${k.aliases.length > 0 ? ` (${k.aliases.join(", ")})` : ""}${k.enabled ? "" : " disabled"}`);
    return 0;
  } catch (err) {
    if (!(err instanceof KeyringError)) throw err;
    io.err(`tributary: ${err.message}`);
    return 2;
  }
}

/** Proposes a new iterator secret through the meta leader (followed from any node's NotLeader hint). */
async function rotateIteratorSecret(addresses: string[], connect: Connect, io: Io): Promise<number> {
  const tried = new Set<string>();
  const queue = [...addresses];
  while (queue.length > 0 && tried.size < addresses.length + 3) {
    const address = queue.shift() as string;
    if (tried.has(address)) continue;
    tried.add(address);
    const api = connect.gateway(address);
    try {
      const res = await api.proposeCatalog({ command: { setIteratorSecret: { rotate: true } } }, callMs);
      if (res.ok) {
        io.out("iterator secret rotated: new iterators and NextTokens are signed with the new secret; those signed before stay valid until they expire (5 minutes)");
        return 0;
      }
      if (res.notLeader?.leaderAddress) queue.unshift(res.notLeader.leaderAddress);
      else if (res.failure) {
        io.err(`tributary: the cluster refused: ${res.failure.code} ${res.failure.detail}`);
        return 1;
      }
    } catch (err) {
      io.err(`tributary: ${address}: ${(err as Error).message}`);
    } finally {
      api.close();
    }
  }
  io.err("tributary: no meta leader took the rotation");
  return 1;
}

const nodeOf = (replica: string) => replica.split(".")[0] ?? "";

function status(reached: Reached[], json: boolean, io: Io): number {
  const rows = reached.map((r) => {
    const groups = r.status?.groups ?? [];
    const meta = groups.find((g) => Number(g.groupId) === 0);
    return {
      node: r.status?.nodeName ?? "?",
      address: r.address,
      health: r.status ? "up" : `down (${r.error})`,
      incarnation: r.status?.incarnation ?? null,
      groups: groups.length,
      leads: groups.filter((g) => g.state === "leader").length,
      asleep: groups.filter((g) => g.asleep).length,
      metaLeader: meta ? nodeOf(meta.leader) : null,
      clusterId: r.status?.clusterId ?? null,
    };
  });
  if (json) io.out(JSON.stringify(rows));
  else io.out(table(["node", "address", "health", "incarnation", "groups", "leads", "asleep", "meta leader"], rows.map((r) => [r.node, r.address, r.health, r.incarnation ?? "", r.groups, r.leads, r.asleep, r.metaLeader ?? ""])));
  return rows.every((r) => r.health === "up") ? 0 : 1;
}

async function shards(reached: Reached[], stream: string, json: boolean, io: Io, connect: Connect): Promise<number> {
  const up = reached.filter((r) => r.status);
  if (up.length === 0) {
    io.err("tributary: no node answered");
    return 1;
  }
  // The catalog comes from the meta leader, through the gateway API of the node a Status names as its leader.
  const metaLeader = nodeOf(up[0]?.status?.groups.find((g) => Number(g.groupId) === 0)?.leader ?? "");
  const at = up.find((r) => r.status?.nodeName === metaLeader) ?? up[0];
  const api = connect.gateway((at as Reached).address);
  let catalog;
  try {
    catalog = (await api.getCatalog({}, callMs)).catalog?.catalog;
  } finally {
    api.close();
  }
  const found = catalog?.streams.find((s) => s.name === stream);
  if (!found) {
    io.err(`tributary: no stream ${stream} (or no meta leader answered)`);
    return 1;
  }
  const rows = found.shards.map((shard) => {
    const replicas = up.map((r) => ({ node: r.status?.nodeName ?? "?", group: r.status?.groups.find((g) => Number(g.groupId) === Number(shard.groupId)) }));
    const leader = replicas.find((x) => x.group?.state === "leader");
    const commit = Number(leader?.group?.commit ?? 0);
    return {
      shardId: shard.shardId,
      state: shard.state,
      group: Number(shard.groupId),
      leader: leader?.node ?? null,
      term: leader ? Number(leader.group?.term) : null,
      replicas: replicas.map((x) => ({ node: x.node, role: x.group?.state ?? "absent", applied: Number(x.group?.applied ?? 0), lag: x.group ? Math.max(0, commit - Number(x.group.applied)) : null })),
    };
  });
  if (json) io.out(JSON.stringify(rows));
  else io.out(table(["shard", "state", "group", "leader", "term", "replicas (role, entries behind the leader's commit)"], rows.map((r) => [r.shardId, r.state, r.group, r.leader ?? "none", r.term ?? "", r.replicas.map((x) => `${x.node} ${x.role} ${x.lag ?? "-"}`).join(", ")])));
  return 0;
}

async function transferLeader(reached: Reached[], peers: Map<string, PeerApiCaller>, group: number, to: string, io: Io): Promise<number> {
  const leader = reached.find((r) => r.status?.groups.some((g) => Number(g.groupId) === group && g.state === "leader"));
  if (!leader) {
    io.err(`tributary: no node answering leads group ${group}`);
    return 1;
  }
  const res = await (peers.get(leader.address) as PeerApiCaller).transferLeader({ groupId: group, toNode: to }, callMs);
  if (!res.started) {
    io.err(`tributary: ${res.detail}`);
    return 1;
  }
  io.out(`group ${group}: leadership moving from ${leader.status?.nodeName} to ${to}`);
  return 0;
}

async function drain(reached: Reached[], peers: Map<string, PeerApiCaller>, node: string, on: boolean, timeoutMs: number, io: Io): Promise<number> {
  const target = reached.find((r) => r.status?.nodeName === node);
  if (!target) {
    io.err(`tributary: node ${node} did not answer`);
    return 1;
  }
  const res = await (peers.get(target.address) as PeerApiCaller).drain({ drain: on, timeoutMs }, timeoutMs + callMs);
  if (!on) {
    io.out(`${node}: undrained; leader spreading gives it its share again`);
    return 0;
  }
  if (res.stillLed > 0) {
    io.err(`tributary: ${node} still leads ${res.stillLed} groups after ${timeoutMs} ms`);
    return 1;
  }
  io.out(`${node}: drained, leads nothing (it takes no leadership until undrained or restarted)`);
  return 0;
}

async function compact(reached: Reached[], peers: Map<string, PeerApiCaller>, node: string | undefined, io: Io): Promise<number> {
  const targets = reached.filter((r) => r.status && (node === undefined || r.status.nodeName === node));
  if (targets.length === 0) {
    io.err(`tributary: ${node ?? "no node"} did not answer`);
    return 1;
  }
  for (const t of targets) {
    const res = await (peers.get(t.address) as PeerApiCaller).compact({}, callMs);
    io.out(`${t.status?.nodeName}: ${res.groupsCompacted} groups compacted`);
  }
  return targets.length === reached.length || node !== undefined ? 0 : 1;
}
