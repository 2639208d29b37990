/**
 * A planned stop: the node hands every leadership it holds to a follower
 * before it stops, and no peer hands one back while it is leaving; once it
 * is back (not leaving), leader spreading gives it its share again.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "@tributary/raft";
import { logIndex, message, MessageType, nodeId, term as raftTerm } from "@tributary/raft";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";

let cluster: InMemoryCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const led = (c: InMemoryCluster, name: string) => [...(c.node(name)?.groups.all() ?? [])].filter((g) => g.isLeader()).map((g) => g.id);

/** A new cluster with one stream of `shardCount` shards: the node API by node name, and the stream's groups (as az-a hosts them). */
async function clusterWithStream(name: string, shardCount: number) {
  const c = (cluster = await InMemoryCluster.start());
  const api = (node: string) => c.gatewayCaller(memoryAddress(node));
  const created = await api(c.metaLeader() as string).proposeCatalog({ command: { createStream: { name, shardCount, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(created.failure ?? null).toBeNull();
  const shardGroups = () => [...(c.node("az-a")?.groups.all() ?? [])].map((g) => g.id).filter((id) => id !== 0);
  return { c, api, shardGroups };
}

/** A Raft frame from node `from` holding one message of group `group` (tests that forge messages). */
const frame = (from: string, group: number, m: Message) => ({ clusterId: "", fromNode: from, fromIncarnation: 1, leaving: false, messages: [{ group, message: m }], hibernation: { hibernating: [], wake: [], woke: false } });

/** A new cluster with a stream of one shard, once that shard's group has a leader: its group id. */
async function clusterWithOneShard(name: string) {
  const { c, api, shardGroups } = await clusterWithStream(name, 1);
  const group = () => shardGroups()[0];
  await c.waitFor("the shard's group to have a leader", () => group() !== undefined && c.leaderOf(group() as number) !== undefined);
  return { c, api, id: group() as number };
}

describe("handing off leadership before a stop", () => {
  it("leaves the node leading nothing, keeps it so while it is leaving, and every shard takes appends throughout", async () => {
    const { c, api, shardGroups: groups } = await clusterWithStream("s", 6);
    await c.waitFor("six shard groups with leaders spread over the three nodes", () => groups().length === 6 && c.names.every((n) => led(c, n).length >= 2));

    const leaving = c.metaLeader() as string;
    expect(led(c, leaving).length).toBeGreaterThan(0);
    const stillLed = await c.node(leaving)?.handOffLeadership(5_000);
    expect(stillLed).toBe(0);
    expect(led(c, leaving)).toEqual([]);

    // Several maintenance rounds later (leader spreading runs in each), still nothing handed back.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(led(c, leaving)).toEqual([]);
    for (const group of groups()) {
      const leader = c.leaderOf(group) as string;
      expect(leader).not.toBe(leaving);
      const res = await api(leader).append({ groupId: group, records: [{ data: Buffer.from("x"), partitionKey: "k" }] }, 5_000);
      expect(res.ok?.index).toBeGreaterThan(0);
    }

    // Back after a restart, not leaving: it gets its share again.
    await c.crash(leaving);
    await c.startNode(leaving);
    await c.waitFor(`${leaving} to lead again`, () => led(c, leaving).length >= 2, 30_000);
  });

  it("gives up soon when no follower can take anything (the whole cluster stopping at once), rather than waiting out its timeout", async () => {
    const c = (cluster = await InMemoryCluster.start());
    await c.waitFor("meta leader", () => c.metaLeader() !== undefined);
    const started = Date.now();
    const stillLed = await Promise.all(c.names.map((n) => c.node(n)?.handOffLeadership(10_000)));
    expect(stillLed.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBeGreaterThan(0); // every node leaving: nobody to take them
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s each was allowed
  });
});

describe("appends that meet a leadership transfer", () => {
  it("are neither proposed nor refused while the transfer runs: they are answered with the new leader's name (or committed, if it fails)", async () => {
    const { c, api, id } = await clusterWithOneShard("t");
    const answered = new Map<string, "ok" | "not-leader">();
    for (let round = 0; round < 3; round++) {
      const leader = c.leaderOf(id) as string;
      const target = c.names.find((n) => n !== leader) as string;
      const raw = () => c.node(leader)?.groups.get(id)?.raw;
      await c.waitFor("every follower caught up", () => [...(raw()?.status().progress.values() ?? [])].every((pr) => pr.match === raw()?.basicStatus().lastIndex));
      expect(c.node(leader)?.transferLeader(id, target).started).toBe(true);
      // Sent in the same turn as the transfer began: they reach the leader while it hands over.
      const answers = await Promise.all([1, 2, 3].map((k) => api(leader).append({ groupId: id, records: [{ data: Buffer.from(`r${round}-${k}`), partitionKey: "k" }] }, 5_000)));
      answers.forEach((res, k) => answered.set(`r${round}-${k + 1}`, res.ok ? "ok" : "not-leader"));
      for (const res of answers) {
        expect(res.failure ?? null).toBeNull();
        // Named: the node that leads now (the target, or wherever leader spreading moved it next).
        if (!res.ok) expect(["", leader]).not.toContain(res.notLeader?.leaderNode);
      }
      await c.waitFor(`a leader other than ${leader}`, () => ![undefined, leader].includes(c.leaderOf(id)));
    }
    // What was answered "not the leader" was not stored; what was answered ok was, once (one more, sent
    // with no transfer under way, shows the read sees what is stored).
    let leader = c.leaderOf(id) as string;
    let control = await api(leader).append({ groupId: id, records: [{ data: Buffer.from("control"), partitionKey: "k" }] }, 5_000);
    for (let tries = 0; !control.ok && control.notLeader?.leaderNode && tries < 5; tries++) {
      leader = control.notLeader.leaderNode; // leader spreading moved it meanwhile
      control = await api(leader).append({ groupId: id, records: [{ data: Buffer.from("control"), partitionKey: "k" }] }, 5_000);
    }
    expect(control.ok).toBeTruthy();
    answered.set("control", "ok");
    const read = await api(leader).read({ groupId: id, fromIndex: 1, fromOffset: 0, limit: 1_000, maxBytes: 1 << 20 }, 5_000);
    const stored = (read.ok?.records ?? []).map((r) => Buffer.from(r.data).toString());
    for (const [data, outcome] of answered) expect(stored.filter((d) => d === data).length, `${data}, answered ${outcome}`).toBe(outcome === "ok" ? 1 : 0);
  });

  it("reach the new leader a round trip sooner: a leader handing over names the replica it voted for as soon as it steps down", async () => {
    const { c, api, id } = await clusterWithOneShard("v");
    const leader = c.leaderOf(id) as string;
    const target = c.names.find((n) => n !== leader) as string;
    const raw = () => c.node(leader)?.groups.get(id)?.raw;
    await c.waitFor("every follower caught up", () => [...(raw()?.status().progress.values() ?? [])].every((pr) => pr.match === raw()?.basicStatus().lastIndex));
    // The target's frames are lost: the leader hears of its campaign only through the vote request forged
    // below, and of its victory never, so the name it answers with can only come from its vote.
    c.silence(target);
    expect(c.node(leader)?.transferLeader(id, target).started).toBe(true);
    const sent = api(leader).append({ groupId: id, records: [{ data: Buffer.from("during"), partitionKey: "k" }] }, 5_000);
    await new Promise((r) => setTimeout(r, 50));
    const { term, lastIndex } = raw()?.basicStatus() ?? { term: 0, lastIndex: 0 };
    const voteRequest = message({ type: MessageType.Vote, from: nodeId(`${target}.1`), to: nodeId(`${leader}.1`), term: raftTerm(term + 1), logTerm: raftTerm(term), index: logIndex(lastIndex), context: new TextEncoder().encode("transfer") });
    const askedAt = Date.now();
    c.deliver(leader, frame(target, id, voteRequest));
    const res = await sent;
    expect(res.notLeader?.leaderNode).toBe(target);
    expect(Date.now() - askedAt, "answered before the hold for an unknown leader ran out").toBeLessThan(400);
    c.silence(target, false);
  });

  it("sent to a replica that is campaigning (as a transfer's target does) are held until the election is decided, then proposed by the winner", async () => {
    const { c, api, id } = await clusterWithOneShard("u");
    const leader = c.leaderOf(id) as string;
    const [candidate, other] = c.names.filter((n) => n !== leader) as [string, string];
    // The others' frames are lost, so the candidate gets no votes and hears of no leader: it stays a candidate.
    c.silence(leader);
    c.silence(other);
    // The leader's TimeoutNow, as a transfer sends it (forged, since the leader's own frames are lost now).
    const term = c.node(candidate)?.groups.get(id)?.raw.basicStatus().term ?? 0;
    c.deliver(candidate, frame(leader, id, message({ type: MessageType.TimeoutNow, from: nodeId(`${leader}.1`), to: nodeId(`${candidate}.1`), term: raftTerm(term) })));
    await c.waitFor(`${candidate} to campaign`, () => c.node(candidate)?.groups.get(id)?.raw.basicStatus().state === "candidate");
    let answer: Awaited<ReturnType<ReturnType<typeof api>["append"]>> | undefined;
    const sent = api(candidate).append({ groupId: id, records: [{ data: Buffer.from("held"), partitionKey: "k" }] }, 5_000).then((res) => (answer = res));
    await new Promise((r) => setTimeout(r, 200));
    expect(answer, "answered while the election was undecided").toBeUndefined();

    // It wins (the other's vote, forged: its own frames are still lost), proposes what it held, and
    // commits it once the others hear from it again.
    c.deliver(candidate, frame(other, id, message({ type: MessageType.VoteResponse, from: nodeId(`${other}.1`), to: nodeId(`${candidate}.1`), term: raftTerm(term + 1) })));
    await c.waitFor(`${candidate} to lead`, () => c.node(candidate)?.groups.get(id)?.isLeader() === true);
    c.silence(leader, false);
    c.silence(other, false);
    const res = await sent;
    expect(res.ok?.index).toBeGreaterThan(0);
    const read = await api(candidate).read({ groupId: id, fromIndex: 1, fromOffset: 0, limit: 1_000, maxBytes: 1 << 20 }, 5_000);
    expect((read.ok?.records ?? []).filter((r) => Buffer.from(r.data).toString() === "held").length).toBe(1);
  });
});
