/**
 * Catalog reads: a gateway keeps the catalog it last fetched, tagged with its
 * meta log index, and the meta leader sends the catalog again only once it
 * has moved past that index — so a run of control-plane reads over an
 * unchanged catalog transfers it once, and a change is seen at once.
 */
import type { GatewayApiCaller } from "@tributary/protocol";
import { InMemoryCluster, memoryAddress } from "@tributary/node/in-memory";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterClient } from "../src/cluster-client.js";

let c: InMemoryCluster;
beforeAll(async () => (c = await InMemoryCluster.start()), 60_000);
afterAll(() => c?.stop());

describe("catalog reads", () => {
  it("transfer the catalog once while it is unchanged, and again as soon as it changes", async () => {
    let transfers = 0;
    let unchanged = 0;
    const counting = (address: string): GatewayApiCaller => {
      const caller = c.gatewayCaller(address);
      return {
        ...caller,
        getCatalog: async (req, ms) => {
          const res = await caller.getCatalog(req, ms);
          if (res.catalog?.catalog) transfers++;
          if (res.catalog?.unchanged) unchanged++;
          return res;
        },
      };
    };
    const client = new ClusterClient(c.names.map(memoryAddress), pino({ level: "silent" }), counting);
    const first = await client.freshCatalog();
    for (let i = 0; i < 50; i++) expect(await client.freshCatalog()).toBe(first);
    expect([transfers, unchanged]).toEqual([1, 50]);

    const res = await c.gatewayCaller(memoryAddress(c.metaLeader() as string)).proposeCatalog({ command: { createStream: { name: "seen", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
    expect(res.failure ?? null).toBeNull();
    expect((await client.freshCatalog()).streams.has("seen")).toBe(true);
    expect(transfers).toBe(2);

    // A caller holding nothing, or an older index, gets the whole catalog.
    const node = c.gatewayCaller(memoryAddress(c.metaLeader() as string));
    const whole = await node.getCatalog({}, 5_000);
    expect(whole.catalog?.catalog?.streams.map((s) => s.name)).toContain("seen");
    expect((await node.getCatalog({ knownIndex: Number(whole.catalog?.index) - 1 }, 5_000)).catalog?.catalog).toBeTruthy();
    client.close();
  });
});
