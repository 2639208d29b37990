/**
 * The operator's command against a three-node cluster (in this process,
 * reached through the same node APIs a remote one is): status, a stream's
 * shards, moving one group's leadership, draining a node and undoing it.
 */
import { InMemoryCluster, memoryAddress } from "@tributary/node/in-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connect } from "../src/cli.js";
import { run } from "../src/cli.js";

let c: InMemoryCluster;
let connect: Connect;
const nodes = ["az-a", "az-b", "az-c"].map(memoryAddress).join(",");

async function tributary(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run([...argv, "--nodes", nodes], { out: (l) => out.push(l), err: (l) => err.push(l) }, connect);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const led = (name: string) => [...(c.node(name)?.groups.all() ?? [])].filter((g) => g.isLeader()).length;

beforeAll(async () => {
  c = await InMemoryCluster.start();
  connect = { peer: (a) => c.peerCaller(a.replace(/^memory:/, "")), gateway: (a) => c.gatewayCaller(a) };
  const res = await c.gatewayCaller(memoryAddress(c.metaLeader() as string)).proposeCatalog({ command: { createStream: { name: "orders", shardCount: 3, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(res.failure ?? null).toBeNull();
  await c.waitFor("every shard led, leaders spread", () => c.names.every((n) => led(n) >= 1) && [1, 2, 3].every((g) => c.leaderOf(g) !== undefined));
}, 60_000);
afterAll(() => c?.stop());

describe("tributary", () => {
  it("status: every member up, its incarnation, groups and leaderships, as a table or JSON", async () => {
    const text = await tributary("status");
    expect(text.code).toBe(0);
    expect(text.out.split("\n")[0]).toMatch(/^node\s+address\s+health\s+incarnation\s+groups\s+leads\s+asleep\s+meta leader$/);
    const rows = JSON.parse((await tributary("status", "--json")).out) as { node: string; health: string; incarnation: number; groups: number; leads: number }[];
    expect(rows.map((r) => r.node)).toEqual(["az-a", "az-b", "az-c"]);
    expect(rows.every((r) => r.health === "up" && r.incarnation === 1 && r.groups === 4)).toBe(true);
    expect(rows.reduce((n, r) => n + r.leads, 0)).toBe(4);
  });

  it("shards: each shard's leader, term and every replica's lag", async () => {
    const rows = JSON.parse((await tributary("shards", "--stream", "orders", "--json")).out) as { shardId: string; leader: string; replicas: { node: string; role: string; lag: number }[] }[];
    expect(rows.map((r) => r.shardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    for (const r of rows) {
      expect(r.leader).not.toBeNull();
      expect(r.replicas.map((x) => x.node)).toEqual(["az-a", "az-b", "az-c"]);
      expect(r.replicas.filter((x) => x.role === "leader")).toHaveLength(1);
    }
    expect((await tributary("shards", "--stream", "absent")).code).toBe(1);
  });

  it("transfer-leader moves one group's leadership", async () => {
    const from = c.leaderOf(1) as string;
    const to = c.names.find((n) => n !== from) as string;
    const res = await tributary("transfer-leader", "--group", "1", "--to", to);
    expect(res.code, res.err).toBe(0);
    await c.waitFor(`group 1 led by ${to}`, () => c.leaderOf(1) === to, 10_000);
    expect((await tributary("transfer-leader", "--group", "1", "--to", "az-x")).code).toBe(1);
  });

  it("drain leaves a node leading nothing until undone; usage errors exit 2", async () => {
    const res = await tributary("drain", "--node", "az-b");
    expect(res.code, res.err).toBe(0);
    expect(led("az-b")).toBe(0);
    await new Promise((r) => setTimeout(r, 1_200)); // leader spreading runs meanwhile, and hands it nothing
    expect(led("az-b")).toBe(0);
    expect((await tributary("drain", "--node", "az-b", "--undo")).code).toBe(0);
    await c.waitFor("az-b to lead again", () => led("az-b") >= 1, 30_000);
    expect((await tributary("frobnicate")).code).toBe(2);
    expect((await tributary("transfer-leader", "--group", "x")).code).toBe(2);
  });

  it("compact compacts every group's log on each node (the meta log to a snapshot of the catalog)", async () => {
    const before = c.node("az-a")?.groups.meta.log.snapshot().metadata.index ?? 0;
    const res = await tributary("compact");
    expect(res.code, res.err).toBe(0);
    expect(res.out.split("\n")).toHaveLength(3);
    expect(res.out).toMatch(/^az-a: \d+ groups compacted$/m);
    expect(c.node("az-a")?.groups.meta.log.snapshot().metadata.index ?? 0).toBeGreaterThan(before);
    expect((await tributary("status")).code).toBe(0); // still serving
  });
});

describe("tributary certs", () => {
  it("makes a CA and a directory per member, refuses to replace the CA, and with --if-missing keeps one set however many make it at once", async () => {
    const { mkdtempSync, readFileSync, rmSync, statSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const root = mkdtempSync(join(tmpdir(), "tributary-certs-"));
    try {
      const dir = join(root, "tls");
      const made = await tributary("certs", dir, "--members", "az-a,gateway");
      expect(made.code).toBe(0);
      for (const m of ["az-a", "gateway"]) {
        for (const f of ["ca.pem", "cert.pem", "key.pem"]) expect(statSync(join(dir, m, f)).size).toBeGreaterThan(0);
        expect(statSync(join(dir, m, "key.pem")).mode & 0o777).toBe(0o600);
      }
      const again = await tributary("certs", dir);
      expect(again.code).toBe(2);
      expect(again.err).toMatch(/exists; a new CA would not be trusted/);
      // Four processes' worth of --if-missing at once on a fresh directory: all end with the same CA.
      const racing = join(root, "racing");
      await Promise.all(Array.from({ length: 4 }, () => tributary("certs", racing, "--if-missing")));
      const ca = readFileSync(join(racing, "ca.pem"), "utf8");
      for (const m of ["az-a", "az-b", "az-c", "gateway", "operator"]) expect(readFileSync(join(racing, m, "ca.pem"), "utf8")).toBe(ca);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("tributary rotate-iterator-secret and keyring", () => {
  it("rotate-iterator-secret: the meta leader takes a secret of its own making and keeps the one before", async () => {
    const catalog = () => c.metaLeaderNode()?.catalog();
    const before = catalog()?.iteratorSecret;
    const res = await tributary("rotate-iterator-secret");
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/iterator secret rotated/);
    expect(catalog()?.iteratorSecret).not.toBe(before);
    expect(catalog()?.previousIteratorSecret).toBe(before);
  });

  it("keyring: makes the file once, adds keys under aliases, and refuses to replace one", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { Keyring } = await import("@tributary/protocol");
    const file = join(mkdtempSync(join(tmpdir(), "tributary-keyring-")), "keyring.json");
    const io = () => {
      const lines: string[] = [];
      return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
    };
    const made = io();
    expect(await run(["keyring", file], made.io)).toBe(0);
    expect(made.lines.join("\n")).toMatch(/\(alias\/aws\/kinesis\)/);
    const first = Keyring.load(file).keys.map((k) => k.id);
    const again = io();
    expect(await run(["keyring", file], again.io)).toBe(2);
    expect(again.lines.join("\n")).toMatch(/exists/);
    expect(await run(["keyring", file, "--if-missing"], io().io)).toBe(0);
    const added = io();
    expect(await run(["keyring", file, "--add-key", "--alias", "alias/orders"], added.io)).toBe(0);
    expect(added.lines.join("\n")).toMatch(/added key .* \(alias\/orders\)/);
    const keys = Keyring.load(file).keys;
    expect(keys.map((k) => k.id).slice(0, 1)).toEqual(first);
    expect(keys[1]?.aliases).toEqual(["alias/orders"]);
    // The file it replaced is kept beside it, owner-only like the keyring; nothing else is left there.
    const { readdirSync, statSync } = await import("node:fs");
    expect(Keyring.load(`${file}.bak`).keys.map((k) => k.id)).toEqual(first);
    expect([statSync(file).mode & 0o777, statSync(`${file}.bak`).mode & 0o777]).toEqual([0o600, 0o600]);
    expect(readdirSync(join(file, "..")).sort()).toEqual(["keyring.json", "keyring.json.bak"]);
    expect(await run(["keyring", file, "--add-key", "--alias", "alias/orders"], io().io)).toBe(2);
    expect(await run(["keyring", file, "--alias", "alias/x"], io().io)).toBe(2);
  });
});
