/**
 * Encryption at rest inside the cluster: a stream's records are stored and
 * replicated only as ciphertext (every replica's log), any replica opens
 * them; a node whose keyring lacks the master key neither stores nor serves
 * them (KMS_ACCESS_DENIED), and nothing it refuses stops it.
 */
import { Keyring } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";

let c: InMemoryCluster;
let group = 0;
afterAll(() => c?.stop());

const meta = () => c.gatewayCaller(memoryAddress(c.metaLeader() as string));
const stream = () => c.metaLeaderNode()?.catalog().streams.get("sealed");

beforeAll(async () => {
  c = await InMemoryCluster.start();
  const res = await meta().proposeCatalog({ command: { createStream: { name: "sealed", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(res.failure ?? null).toBeNull();
  await c.waitFor("the stream ACTIVE and its shard led", () => {
    group = stream()?.shards[0]?.groupId ?? 0;
    return stream()?.status === "ACTIVE" && c.leaderOf(group) !== undefined;
  });
}, 60_000);

const marker = (i: number) => `plaintext-marker-${i}-7f3a9c`;

async function append(data: string): Promise<{ failure?: string; encrypted?: boolean }> {
  const res = await c.gatewayCaller(memoryAddress(c.leaderOf(group) as string)).append({ groupId: group, records: [{ data: Buffer.from(data), partitionKey: "pk-secret" }] }, 10_000);
  return res.ok ? { encrypted: res.ok.encrypted } : { failure: res.failure?.code ?? "none" };
}

/** Every stored entry of the shard on `name`, as bytes. */
async function storedBytes(name: string): Promise<Buffer> {
  const entries = await c.store(name).readEntries(group, 1, 1_000_000, 64 * 1024 * 1024);
  return Buffer.concat(entries.map((e) => Buffer.from(e.data)));
}

describe("records encrypted at rest", () => {
  it("are stored as ciphertext on every replica and read back in the clear from each", async () => {
    expect(await append(marker(0))).toEqual({ encrypted: false });
    const started = await meta().proposeCatalog({ command: { startStreamEncryption: { name: "sealed", keyId: "alias/aws/kinesis", nowMs: Date.now() } } }, 5_000);
    expect(started.failure ?? null).toBeNull();
    expect(stream()?.dataKeys.length).toBe(1);
    // Each shard leader seals from the moment it applies the change (as on AWS, shortly after the call).
    await c.waitFor("every node applied the change", () => c.names.every((n) => c.node(n)?.catalog().streams.get("sealed")?.dataKey === 1));
    for (let i = 1; i <= 5; i++) expect(await append(marker(i))).toEqual({ encrypted: true });
    await c.waitFor("every replica applied the records", () => c.names.every((n) => (c.node(n)?.groups.shard(group)?.recordsApplied ?? 0) === 6));
    for (const name of c.names) {
      const bytes = await storedBytes(name);
      // The record from before stays as it was; none after it shows in any replica's log, nor its partition key.
      expect(bytes.includes(marker(0)), name).toBe(true);
      for (let i = 1; i <= 5; i++) expect(bytes.includes(marker(i)), `${name} record ${i}`).toBe(false);
      expect(bytes.toString("latin1").split("pk-secret").length - 1, name).toBe(1);
      const read = await c.gatewayCaller(memoryAddress(name)).read({ groupId: group, fromIndex: 1, fromOffset: 0, limit: 100, maxBytes: 1 << 20 }, 5_000);
      expect(read.ok?.records.map((r) => [Buffer.from(r.data).toString(), r.partitionKey, r.encrypted])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [marker(i), "pk-secret", i > 0]));
    }
  });

  it("a node whose keyring lacks the master key refuses to store or serve them, and keeps running", async () => {
    const leader = c.leaderOf(group) as string;
    c.setKeyring(leader, Keyring.generate());
    await c.crash(leader);
    await c.startNode(leader);
    await c.waitFor("the node back with its replica", () => c.node(leader)?.groups.shard(group) !== undefined);
    // The record from before needs no key: served, and the read stops at the first sealed entry.
    const before = await c.gatewayCaller(memoryAddress(leader)).read({ groupId: group, fromIndex: 1, fromOffset: 0, limit: 100, maxBytes: 1 << 20 }, 5_000);
    expect(before.ok?.records.map((r) => Buffer.from(r.data).toString())).toEqual([marker(0)]);
    const sealed = await c.gatewayCaller(memoryAddress(leader)).read({ groupId: group, fromIndex: Number(before.ok?.nextIndex), fromOffset: Number(before.ok?.nextOffset), limit: 100, maxBytes: 1 << 20 }, 5_000);
    expect(sealed.failure?.code).toBe("KMS_ACCESS_DENIED");
    // Made leader, it cannot seal new records: refused, not stored.
    await c.waitFor("the keyless node leads the shard", () => {
      if (c.leaderOf(group) === leader) return true;
      c.node(c.leaderOf(group) ?? leader)?.groups.shard(group)?.raw.transferLeader(c.node(leader)?.membership.replicaId() as never);
      return false;
    });
    expect(await append("refused")).toEqual({ failure: "KMS_ACCESS_DENIED" });
    // The other replicas still serve every record.
    const other = c.names.find((n) => n !== leader) as string;
    const served = await c.gatewayCaller(memoryAddress(other)).read({ groupId: group, fromIndex: 1, fromOffset: 0, limit: 100, maxBytes: 1 << 20 }, 5_000);
    expect(served.ok?.records.length).toBe(6);
    expect(c.node(leader)).toBeDefined();
  }, 60_000);
});
