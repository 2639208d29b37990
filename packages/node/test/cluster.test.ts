/**
 * A real three-process cluster on loopback: 16 shards, concurrent appends
 * through the node API, the leader of a shard SIGKILLed mid-load and
 * restarted; afterwards every acknowledged append is on every replica, in
 * order, exactly once, with the same sequence numbers. Then a node's data
 * directory is wiped: it comes back as a new member, is rebuilt from its
 * peers (snapshot + fetched records + log), and serves the same data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "@tributary/raft";
import { CallError, channelCredentials, grpcGatewayApiCaller, grpcPeerApiCaller, loadClusterTls, makeClusterCertificates } from "@tributary/protocol";
import type { GatewayApiCaller } from "@tributary/protocol";
import type { NodeName } from "@tributary/testkit";
import { NODE_NAMES, ProcessCluster, waitFor } from "@tributary/testkit";
import { sequenceOf } from "./sequence-of.js";

const shards = 16;
let cluster: ProcessCluster;
let groups: number[] = [];

interface Acked {
  group: number;
  payload: string;
  sequenceNumber: string;
  index: number;
}

const acked: Acked[] = [];
let unacknowledged = 0;

/** Appends through whichever node leads the group, following NotLeader hints; bounded in attempts and time. */
async function appendRouted(group: number, payloads: string[], leaders: Map<number, NodeName>): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let attempt = 0; attempt < 200 && Date.now() < deadline; attempt++) {
    const name = leaders.get(group) ?? (NODE_NAMES[attempt % 3] as NodeName);
    if (!cluster.running(name)) {
      leaders.delete(group);
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    let res;
    try {
      res = await cluster.gatewayApi(name).append({ groupId: group, records: payloads.map((p) => ({ data: Buffer.from(p), partitionKey: p })) }, 15_000);
    } catch (err) {
      if (err instanceof CallError && err.neverSent) {
        leaders.delete(group);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      // The call failed in flight (the node died): the records may be stored. Resending
      // would be at-least-once delivery; this client never resends, so nothing may appear twice.
      unacknowledged += payloads.length;
      return;
    }
    if (res.ok) {
      payloads.forEach((payload, k) => acked.push({ group, payload, sequenceNumber: sequenceOf(group, res.ok?.index as number, (res.ok?.firstOffset as number) + k, res.ok?.arrivalMs as number), index: res.ok?.index as number }));
      leaders.set(group, name);
      return;
    }
    if (res.notLeader) {
      if (res.notLeader.leaderNode) leaders.set(group, res.notLeader.leaderNode as NodeName);
      else leaders.delete(group);
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    if (res.failure && res.failure.code !== "NOT_STORED") {
      // Timeout or unknown outcome: the record may or may not be stored; never resent.
      unacknowledged += payloads.length;
      return;
    }
    leaders.delete(group);
    await new Promise((r) => setTimeout(r, 50));
  }
  unacknowledged += payloads.length;
}

async function readAll(node: GatewayApiCaller, group: number): Promise<{ sequenceNumber: string; payload: string }[]> {
  const out: { sequenceNumber: string; payload: string }[] = [];
  let index = 1;
  let offset = 0;
  for (let page = 0; page < 10_000; page++) {
    const res = await node.read({ groupId: group, fromIndex: index, fromOffset: offset, limit: 1000 }, 15_000);
    if (!res.ok) throw new Error(`read failed: ${JSON.stringify(res.failure)}`);
    for (const r of res.ok.records) out.push({ sequenceNumber: sequenceOf(group, r.index, r.offset, r.arrivalMs), payload: Buffer.from(r.data).toString() });
    if (res.ok.records.length === 0) break;
    index = res.ok.nextIndex;
    offset = res.ok.nextOffset;
  }
  return out;
}

/** Waits until every replica of every group has applied what its leader committed. */
async function waitConverged(timeoutMs = 60_000): Promise<void> {
  await waitFor(
    "all replicas to converge",
    async () => {
      const statuses = await Promise.all(NODE_NAMES.map((n) => cluster.peerApi(n).status({}, 5_000)));
      for (const g of [0, ...groups]) {
        const views = statuses.map((s) => s.groups.find((x) => x.groupId === g));
        if (views.some((v) => !v)) return false;
        const leaders = views.filter((v) => v?.state === "leader");
        if (leaders.length !== 1) return false;
        const commit = leaders[0]?.commit ?? 0;
        if (views.some((v) => (v?.applied ?? 0) < commit || v?.voters.length !== 3)) return false;
      }
      return true;
    },
    timeoutMs,
    250,
  );
}

function checkReplicas(perNode: Map<string, Map<number, { sequenceNumber: string; payload: string }[]>>): void {
  const [first, ...rest] = [...perNode.values()];
  for (const g of groups) {
    const reference = first?.get(g) ?? [];
    for (const other of rest) expect(other.get(g)).toEqual(reference); // same records, same order, same numbers
    // Sequence numbers strictly increase within the shard.
    for (let i = 1; i < reference.length; i++) expect(BigInt(reference[i]!.sequenceNumber) > BigInt(reference[i - 1]!.sequenceNumber)).toBe(true);
    const payloads = reference.map((r) => r.payload);
    expect(new Set(payloads).size).toBe(payloads.length); // nothing twice
    const bySequence = new Map(reference.map((r) => [r.sequenceNumber, r.payload]));
    for (const a of acked.filter((x) => x.group === g)) expect(bySequence.get(a.sequenceNumber)).toBe(a.payload); // every ack, with its number
  }
}

async function readEverywhere(): Promise<Map<string, Map<number, { sequenceNumber: string; payload: string }[]>>> {
  const perNode = new Map<string, Map<number, { sequenceNumber: string; payload: string }[]>>();
  for (const n of NODE_NAMES) {
    const byGroup = new Map<number, { sequenceNumber: string; payload: string }[]>();
    for (const g of groups) byGroup.set(g, await readAll(cluster.gatewayApi(n), g));
    perNode.set(n, byGroup);
  }
  return perNode;
}

describe("three node processes", () => {
  beforeAll(async () => {
    // A small log cache makes shard logs compact, so the rebuilt node needs snapshots and fetched records.
    cluster = await ProcessCluster.start({ gateway: false, network: "loopback", nodeArgs: ["--shard-log-cache-entries", "40", "--meta-log-cache-entries", "50"] });
    const created = await cluster.proposeCatalog({ createStream: { name: "orders", shardCount: shards, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } });
    expect(created.result).toBe("ok");
    const stream = await waitFor("the stream to become ACTIVE", async () => {
      const s = (await cluster.catalog()).streams.find((x) => x.name === "orders");
      return s?.status === "ACTIVE" ? s : undefined;
    });
    groups = stream.shards.map((s) => s.groupId);
    expect(groups).toHaveLength(shards);
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it("spreads shard leaders over the three nodes", async () => {
    const counts = await waitFor(
      "leaders to spread",
      async () => {
        const c = new Map<string, number>();
        for (const g of groups) {
          const l = await cluster.leaderOf(g);
          if (!l) return undefined;
          c.set(l, (c.get(l) ?? 0) + 1);
        }
        return c.size === 3 && [...c.values()].every((n) => n >= 4) ? c : undefined;
      },
      30_000,
      500,
    );
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(shards);
  }, 40_000);

  it("serves node ports only to holders of a certificate from the cluster's CA", async () => {
    const address = cluster.nodeAddress("az-a");
    const ownTls = loadClusterTls(cluster.tlsDir("operator"));
    const answers = async (credentials: ReturnType<typeof channelCredentials>) => {
      const caller = grpcPeerApiCaller(address, credentials);
      try {
        await caller.status({}, 3_000);
        return true;
      } catch {
        return false;
      } finally {
        caller.close();
      }
    };
    const strangerDir = mkdtempSync(join(tmpdir(), "tributary-other-ca-"));
    try {
      const stranger = loadClusterTls((await makeClusterCertificates(strangerDir, ["intruder"])).get("intruder") as string);
      expect(await answers(channelCredentials(undefined)), "plaintext").toBe(false);
      expect(await answers(grpc.credentials.createSsl(ownTls.ca, null, null, { checkServerIdentity: () => undefined })), "TLS without a client certificate").toBe(false);
      expect(await answers(channelCredentials({ ...stranger, ca: ownTls.ca })), "a certificate from another CA").toBe(false);
      expect(await answers(channelCredentials(ownTls)), "the operator's certificate").toBe(true);
    } finally {
      rmSync(strangerDir, { recursive: true, force: true });
    }
  }, 30_000);

  it("lets a certificate make only the calls of its role: Raft and the peer protocol for nodes, operator calls for operators", async () => {
    const address = cluster.nodeAddress("az-a");
    const as = (member: "gateway" | "operator" | "az-b") => channelCredentials(loadClusterTls(cluster.tlsDir(member)));
    /** "ok", "denied" (refused for the role), or another failure. */
    const outcome = async (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (err: Error) => (/PERMISSION_DENIED|may not call/.test(err.message) ? "denied" : `failed: ${err.message}`),
      );
    const calls = async (member: "gateway" | "operator") => {
      const peer = grpcPeerApiCaller(address, as(member));
      const api = grpcGatewayApiCaller(address, as(member));
      try {
        return {
          status: await outcome(peer.status({}, 3_000)),
          hello: await outcome(peer.hello({ nodeName: "az-b" }, 3_000)),
          join: await outcome(peer.join({ nodeName: "az-b", incarnation: 99 }, 3_000)),
          compact: await outcome(peer.compact({}, 10_000)),
          catalog: await outcome(api.getCatalog({}, 3_000)),
          rotate: await outcome(api.proposeCatalog({ command: { setIteratorSecret: { rotate: true } } }, 5_000)),
        };
      } finally {
        peer.close();
        api.close();
      }
    };
    expect(await calls("gateway")).toEqual({ status: "ok", hello: "denied", join: "denied", compact: "denied", catalog: "ok", rotate: "denied" });
    expect(await calls("operator")).toEqual({ status: "ok", hello: "denied", join: "denied", compact: "ok", catalog: "ok", rotate: "ok" });
    // A node may speak the peer protocol (Hello is harmless; no Join is made with a node's certificate here).
    const peer = grpcPeerApiCaller(address, as("az-b"));
    try {
      expect(await outcome(peer.hello({ nodeName: "az-b" }, 3_000))).toBe("ok");
    } finally {
      peer.close();
    }
  }, 60_000);

  it("survives a holder of a node's certificate sending garbage Raft frames and random node-API requests over TLS", async () => {
    const creds = channelCredentials(loadClusterTls(cluster.tlsDir("az-b")));
    const random = createRandom(11);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const num = () => Math.floor(random() * 2 ** (random() < 0.5 ? 8 : 40));
    for (const target of NODE_NAMES) {
      const address = cluster.nodeAddress(target);
      // Raft streams of bytes that are not MessageBatch encodings at all.
      const raw = new grpc.Client(address, creds, {});
      await new Promise<void>((resolve) => {
        const call = raw.makeClientStreamRequest("/tributary.raft.RaftTransport/Stream", (b: Buffer) => b, (b: Buffer) => b, () => resolve());
        call.on("error", () => resolve());
        for (let i = 0; i < 200; i++) call.write(bytes(1 + Math.floor(random() * 300)));
        call.end();
      });
      raw.close();
      // Node-API requests with values out of every range, to groups that exist and that do not.
      const api = grpcGatewayApiCaller(address, creds);
      const peer = grpcPeerApiCaller(address, creds);
      const group = () => (random() < 0.5 ? (groups[Math.floor(random() * groups.length)] as number) : 10_000 + num());
      for (let i = 0; i < 150; i++) {
        const k = i % 6;
        const call =
          k === 0 ? api.read({ groupId: group(), fromIndex: num(), fromOffset: num(), limit: num(), maxBytes: num() }, 3_000)
          : k === 1 ? api.seek({ groupId: group(), timestampMs: num() }, 3_000)
          : k === 2 ? api.append({ groupId: 10_000 + num(), records: [{ data: bytes(num() % 64), partitionKey: bytes(8).toString("latin1") }] }, 3_000)
          : k === 3 ? api.getCatalog({ knownIndex: num() }, 3_000)
          : k === 4 ? api.proposeCatalog({ command: { setRetention: { name: bytes(6).toString("latin1"), hours: num(), change: "INCREASE" } } }, 3_000)
          : (async () => {
              for await (const _ of peer.fetchLog({ groupId: group(), fromIndex: num(), toIndex: num() })) break;
            })();
        await call.catch(() => undefined);
      }
      api.close();
      peer.close();
    }
    // Every node still runs and serves, and the cluster is whole.
    for (const n of NODE_NAMES) expect(cluster.running(n), n).toBe(true);
    await waitConverged(30_000);
  }, 120_000);

  it("keeps every acknowledged append through a SIGKILL of a shard leader under load", async () => {
    const victimGroup = groups[0] as number;
    const victim = (await cluster.leaderOf(victimGroup)) as NodeName;
    expect(victim).toBeDefined();
    let stop = false;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      const leaders = new Map<number, NodeName>();
      for (let i = 0; i < 400 && !stop; i++) {
        const group = groups[(c * 7 + i) % groups.length] as number;
        const n = 1 + (i % 5);
        await appendRouted(group, Array.from({ length: n }, (_, k) => `c${c}-${i}-${k}`), leaders);
      }
    });
    // Mid-load: kill the leader of the first shard, restart it two seconds later.
    await waitFor("load to be under way", () => acked.length > 200, 30_000, 20);
    await cluster.kill(victim);
    const ackedAtKill = acked.length;
    await new Promise((r) => setTimeout(r, 2_000));
    await cluster.restart(victim);
    await waitFor("appends to go on after the kill", () => acked.length > ackedAtKill + 100, 30_000, 50);
    stop = true;
    await Promise.all(clients);
    expect(acked.length).toBeGreaterThan(300);
    await waitConverged();
    checkReplicas(await readEverywhere());
    console.log(`cluster test: ${acked.length} records acknowledged, ${unacknowledged} unacknowledged, leader ${victim} killed and restarted; all acknowledged records on all replicas`);
  }, 120_000);

  it("rebuilds a wiped node from its peers as a new member, serving the same data", async () => {
    const before = await cluster.peerApi("az-c").status({}, 5_000);
    await cluster.kill("az-c");
    cluster.wipe("az-c");
    await cluster.restart("az-c");
    const after = await waitFor("az-c to rejoin", async () => {
      const s = await cluster.status("az-c");
      return s && s.incarnation > before.incarnation ? s : undefined;
    });
    expect(after.incarnation).toBe(before.incarnation + 1);
    await waitConverged(90_000);
    // Every group's voters now name the new incarnation and not the old one.
    const statuses = await Promise.all(NODE_NAMES.map((n) => cluster.peerApi(n).status({}, 5_000)));
    for (const s of statuses) {
      for (const g of s.groups) {
        expect(g.voters).toContain(`az-c.${after.incarnation}`);
        expect(g.voters).not.toContain(`az-c.${before.incarnation}`);
      }
    }
    checkReplicas(await readEverywhere());
  }, 150_000);

  it("ends the streams open on a node as it stops (a routing watch, a peer's Raft stream) UNAVAILABLE, and starts again", async () => {
    const node = "az-b";
    const address = cluster.nodeAddress(node);
    // A gateway's routing watch, open once its first table arrives.
    let watching!: () => void;
    const opened = new Promise<void>((resolve) => (watching = resolve));
    const watchEnded = new Promise<grpc.ServiceError | undefined>((resolve) => cluster.gatewayApi(node).watchRouting(() => watching(), (err) => resolve(err as grpc.ServiceError | undefined)));
    await opened;
    // A peer's Raft stream (with a node's certificate), sending nothing.
    const raw = new grpc.Client(address, channelCredentials(loadClusterTls(cluster.tlsDir("az-c"))), {});
    const raftEnded = new Promise<grpc.ServiceError | null>((resolve) => {
      const call = raw.makeClientStreamRequest("/tributary.raft.RaftTransport/Stream", (b: Buffer) => b, (b: Buffer) => b, (err: grpc.ServiceError | null) => resolve(err));
      call.on("error", () => undefined);
    });
    try {
      await cluster.stopMember(node);
      for (const err of [await watchEnded, await raftEnded]) {
        expect(err?.code).toBe(grpc.status.UNAVAILABLE);
        expect(err?.details).toBe("the node is stopping");
      }
    } finally {
      raw.close();
      await cluster.restart(node);
    }
    await waitFor(`${node} to serve again`, () => cluster.status(node), 60_000);
    await waitConverged(60_000);
  }, 120_000);
});
