/**
 * Whole-cluster restarts, in one process: every node stops, one loses its
 * disk, and all start again at the same moment. The wiped node must find
 * that its peers hold a cluster (even before they have loaded it) and rejoin
 * as a new incarnation; bootstrapping a new cluster under its old replica id
 * would let it vote as a member whose log it no longer has.
 */
import { pino } from "pino";
import { expect, it } from "vitest";
import { InMemoryCluster } from "../src/in-memory.js";

it("a node wiped while the whole cluster was down rejoins as a new incarnation when all restart at once", async () => {
  const cluster = await InMemoryCluster.start({ log: pino({ level: "silent" }) });
  try {
    const leader = cluster.metaLeader() as string;
    const created = await cluster.node(leader)?.groups.meta.propose({ createStream: { name: "kept", shardCount: 1, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } });
    expect(created && "ok" in created && created.ok).toBe(true);
    await cluster.waitFor("every node to hold the stream", () => cluster.names.every((n) => cluster.node(n)?.catalog().streams.has("kept")));
    for (const n of cluster.names) await cluster.crash(n);
    cluster.wipe("az-a");
    await Promise.all(cluster.names.map((n) => cluster.startNode(n)));
    await cluster.waitFor("the wiped node to hold the stream again", () => cluster.node("az-a")?.catalog().streams.has("kept") === true, 30_000);
    expect(cluster.node("az-a")?.membership.incarnation()).toBe(2);
    expect(cluster.node("az-a")?.membership.clusterId()).toBe(cluster.node("az-b")?.membership.clusterId());
  } finally {
    await cluster.stop();
  }
}, 60_000);
