/**
 * Hibernation: the groups of an idle cluster stop ticking and send no
 * heartbeats; an append wakes its group; a sleeping follower still counts as
 * in touch with its leader; and failure detection is unchanged: a crashed or
 * cut-off leader's groups get new leaders as if they had been awake.
 */
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";

let cluster: InMemoryCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const shardCount = 4;

async function idleCluster(): Promise<{ c: InMemoryCluster; shards: number[] }> {
  const c = (cluster = await InMemoryCluster.start());
  await c.waitFor("a meta leader", () => c.metaLeader() !== undefined);
  const api = c.gatewayCaller(memoryAddress(c.metaLeader() as string));
  const created = await api.proposeCatalog({ command: { createStream: { name: "s", shardCount, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(created.failure ?? null).toBeNull();
  const shards = () => [...(c.node("az-a")?.groups.all() ?? [])].map((g) => g.id).filter((id) => id !== 0);
  await c.waitFor("every shard led", () => shards().length === shardCount && shards().every((g) => c.leaderOf(g) !== undefined));
  for (const group of shards()) await append(c, group);
  return { c, shards: shards() };
}

async function append(c: InMemoryCluster, group: number): Promise<void> {
  const res = await c.gatewayCaller(memoryAddress(c.leaderOf(group) as string)).append({ groupId: group, records: [{ data: Buffer.from("x"), partitionKey: "k" }] }, 5_000);
  expect(res.ok?.index).toBeGreaterThan(0);
}

const asleep = (c: InMemoryCluster, name: string) => [...(c.node(name)?.groups.all() ?? [])].filter((g) => g.asleep).length;
const everyGroupAsleep = (c: InMemoryCluster, names = c.names) => names.every((n) => asleep(c, n) === shardCount + 1);
async function messagesSent(c: InMemoryCluster, name: string): Promise<number> {
  return (await c.node(name)?.metrics.raftMessagesSent.get())?.values.reduce((s, v) => s + v.value, 0) ?? 0;
}

describe("hibernation", () => {
  it("puts every group of an idle cluster to sleep, sends no Raft message while they sleep, and wakes a group for an append", async () => {
    const { c, shards } = await idleCluster();
    // Once the cluster has settled (its first leader transfers and catalog commands done), a whole
    // second of ten ticks passes with every group asleep and not one Raft message sent.
    let silentSecond = false;
    for (let attempt = 0; attempt < 10 && !silentSecond; attempt++) {
      await c.waitFor("every group on every node asleep", () => everyGroupAsleep(c), 10_000);
      const before = await Promise.all(c.names.map((n) => messagesSent(c, n)));
      await new Promise((r) => setTimeout(r, 1_000));
      const after = await Promise.all(c.names.map((n) => messagesSent(c, n)));
      silentSecond = everyGroupAsleep(c) && after.every((n, i) => n === before[i]);
    }
    expect(silentSecond).toBe(true);
    const scrape = await c.node("az-a")?.metrics.registry.getSingleMetricAsString("tributary_node_groups_hibernating");
    expect(scrape).toContain(`tributary_node_groups_hibernating ${shardCount + 1}`);

    // An append wakes its group, commits, and the group falls asleep again.
    const group = shards[0] as number;
    await append(c, group);
    await c.waitFor("the group asleep again", () => everyGroupAsleep(c), 10_000);
  });

  it("keeps a sleeping follower in touch with its leader through the leader's node's frames", async () => {
    const { c, shards } = await idleCluster();
    await c.waitFor("every group asleep", () => everyGroupAsleep(c), 10_000);
    await new Promise((r) => setTimeout(r, 1_500)); // longer than a follower may go without hearing its leader
    for (const group of shards) {
      const leader = c.leaderOf(group) as string;
      for (const name of c.names.filter((n) => n !== leader)) {
        const follower = c.node(name)?.groups.shard(group);
        expect(follower?.asleep).toBe(true);
        expect(follower?.inTouchWithLeader(Date.now())).toBe(true);
      }
    }
  });

  it("elects new leaders for a crashed node's sleeping groups as fast as for awake ones", async () => {
    const { c, shards } = await idleCluster();
    await c.waitFor("every group asleep", () => everyGroupAsleep(c), 10_000);
    const victim = c.leaderOf(shards[0] as number) as string;
    const theirs = shards.filter((g) => c.leaderOf(g) === victim);
    const crashedAt = Date.now();
    await c.crash(victim);
    // Awake, a follower campaigns 0.5–1 s after its leader's last heartbeat; a generous bound, not a speed test.
    await c.waitFor("new leaders for the crashed node's groups", () => theirs.every((g) => (c.leaderOf(g) ?? victim) !== victim), 5_000);
    const elapsed = Date.now() - crashedAt;
    console.log(`hibernation: ${theirs.length} sleeping groups of a crashed leader led elsewhere ${elapsed} ms after the crash`);
    expect(elapsed).toBeLessThan(5_000);
    for (const group of theirs) await append(c, group);
  });

  it("wakes a node's sleeping leaders as soon as its peers say they missed its frames, so their followers hear heartbeats again", async () => {
    const { c, shards } = await idleCluster();
    await c.waitFor("every group asleep", () => everyGroupAsleep(c), 10_000);
    const victim = c.leaderOf(shards[0] as number) as string;
    const led = [...(c.node(victim)?.groups.all() ?? [])].filter((g) => g.isLeader());
    // Its frames are lost (a stall of its loop or a broken connection, as its peers see it); it
    // still hears them. Its peers wake their groups and say so in their frames; it wakes its own.
    c.silence(victim);
    await c.waitFor("the peers to wake their groups", () => c.names.filter((n) => n !== victim).every((n) => asleep(c, n) === 0), 2_000);
    await c.waitFor("the silenced node's leaders to wake, told by its peers' frames", () => led.every((g) => !g.asleep), 1_000);
    c.silence(victim, false);
    // Heard again: everything falls asleep again, every group led (by the same node unless an
    // election timer ran out first, as it may for awake groups after a silence this long).
    await c.waitFor("the cluster asleep again, every group led", () => everyGroupAsleep(c) && shards.every((g) => c.leaderOf(g) !== undefined), 10_000);
  });

  it("takes leadership away from a cut-off node whose groups were asleep, and it follows again once back", async () => {
    const { c, shards } = await idleCluster();
    await c.waitFor("every group asleep", () => everyGroupAsleep(c), 10_000);
    const victim = c.leaderOf(shards[0] as number) as string;
    const theirs = shards.filter((g) => c.leaderOf(g) === victim);
    c.isolate(victim);
    await c.waitFor("new leaders elsewhere", () => theirs.every((g) => (c.leaderOf(g) ?? victim) !== victim), 5_000);
    // The cut-off node's groups woke (its peers went quiet) and its CheckQuorum made it step down.
    await c.waitFor("the cut-off node to lead nothing", () => [...(c.node(victim)?.groups.all() ?? [])].every((g) => !g.isLeader()), 5_000);
    for (const group of theirs) await append(c, group);
    c.isolate(victim, false);
    const others = c.names.filter((n) => n !== victim);
    await c.waitFor("the healed cluster asleep again", () => everyGroupAsleep(c) && [...(c.node(victim)?.groups.all() ?? [])].every((g) => g.lead !== "" && others.concat(victim).some((n) => g.lead.startsWith(`${n}.`))), 15_000);
  });
});
