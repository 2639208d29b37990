/**
 * The meta group's state machine is total: a gateway's command that a
 * gateway would never send, or that does not fit, is refused before it is
 * proposed; and a committed command that throws while it applies is recorded
 * as the same failure on every replica, so no node stops, now or when it
 * replays its log after a restart.
 */
import type { CatalogCommand } from "@tributary/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";

// A bug, planted: applying a CreateStream of the stream "explodes" throws (on every replica alike, as applying is deterministic).
vi.mock("../src/catalog-commands.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/catalog-commands.js")>();
  return {
    ...real,
    applyCommand: (...args: Parameters<typeof real.applyCommand>) => {
      if (args[1].createStream?.name === "explodes") throw new Error("a planted bug");
      return real.applyCommand(...args);
    },
  };
});

let cluster: InMemoryCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** The meta leader's gateway API, once there is one (its leadership may be moving: leader spreading). */
async function metaApi(c: InMemoryCluster) {
  await c.waitFor("a meta leader", () => c.metaLeader() !== undefined);
  return c.gatewayCaller(memoryAddress(c.metaLeader() as string));
}

async function catalogAt(c: InMemoryCluster) {
  const res = await (await metaApi(c)).getCatalog({}, 5_000);
  return { index: Number(res.catalog?.index), streams: res.catalog?.catalog?.streams ?? [] };
}

async function createActive(c: InMemoryCluster, name: string): Promise<void> {
  const res = await (await metaApi(c)).proposeCatalog({ command: { createStream: { name, shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(res.failure ?? null).toBeNull();
  const deadline = Date.now() + 30_000;
  while ((await catalogAt(c)).streams.find((s) => s.name === name)?.status !== "ACTIVE") {
    if (Date.now() > deadline) throw new Error(`${name} never became ACTIVE`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("catalog commands", () => {
  it("that a gateway may not send, or that do not fit, are refused before they are proposed", async () => {
    cluster = await InMemoryCluster.start();
    await createActive(cluster, "s");
    const before = (await catalogAt(cluster)).index;
    const forged: CatalogCommand[] = [
      { setMemberIncarnation: { node: "az-b", incarnation: 99 } },
      { setIteratorSecret: { secret: "known" } },
      { dropStream: { name: "s" } },
      { splitShard: { name: "s", shardId: "shardId-000000000000", newStartingHashKey: "not a key", nowMs: 1 } },
      { splitShard: { name: "s", shardId: "shardId-000000000000", newStartingHashKey: (1n << 128n).toString(), nowMs: 1 } },
      { splitShard: { name: "s", shardId: "shardId-000000000000", newStartingHashKey: "5", nowMs: 1, internal: true } },
      { createStream: { name: "bad name", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: 1 } },
      { createStream: { name: "ok", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1, nowMs: 1 } },
      { createStream: { name: "ok", shardCount: 0, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: 1 } },
      { registerConsumer: { stream: "s", consumer: "", nowMs: 1 } },
    ];
    for (const command of forged) {
      const res = await (await metaApi(cluster)).proposeCatalog({ command }, 5_000);
      expect(res.failure?.code, JSON.stringify(command)).toBe("INVALID_REQUEST");
    }
    expect((await catalogAt(cluster)).index).toBe(before); // nothing reached the log
  });

  it("that throw as they apply fail the same way on every replica, and no node stops, even replaying them after a restart", async () => {
    cluster = await InMemoryCluster.start();
    await createActive(cluster, "s");
    const c = cluster;
    const before = (await catalogAt(c)).index;
    const res = await (await metaApi(c)).proposeCatalog({ command: { createStream: { name: "explodes", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
    expect(res.failure?.code).toBe("INVALID_REQUEST");
    expect(res.failure?.detail).toMatch(/could not apply: a planted bug/);
    expect((await catalogAt(c)).index).toBeGreaterThan(before); // it was committed
    await createActive(c, "after");
    await c.waitFor("every replica to apply it", () => {
      const leader = c.metaLeaderNode();
      return leader !== undefined && c.names.every((n) => c.node(n)?.groups.meta.catalogIndex === leader.groups.meta.catalogIndex);
    });

    for (const n of c.names) await c.crash(n);
    for (const n of c.names) await c.startNode(n);
    await c.waitFor("a meta leader after the restart", () => c.metaLeader() !== undefined);
    await createActive(c, "after-restart");
    expect((await catalogAt(c)).streams.map((s) => s.name).sort()).toEqual(["after", "after-restart", "s"]);
    expect((await catalogAt(c)).streams.find((s) => s.name === "s")?.shards).toHaveLength(1); // not split
  });
});
