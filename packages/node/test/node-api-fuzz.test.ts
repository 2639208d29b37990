/**
 * Seeded fuzzing of the node APIs, as a process holding a valid cluster
 * certificate could call them: random appends, reads, seeks, catalog
 * proposals of every kind with odd values, seals, log fetches, and forged
 * Raft frames (every network message type, with terms and indexes that are
 * wrong, stale or past the log; never entries, which only a member that is
 * the leader may send and no check could tell from real ones). Asserts: no
 * node stops, replicas agree on the catalog, and records written before read
 * back byte-identical.
 *
 *   FUZZ_SEED=7 FUZZ_CASES=3000 npx vitest run packages/node/test/node-api-fuzz.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogCommand } from "@tributary/protocol";
import { createRandom, logIndex, MessageType, message, nodeId, term as raftTerm } from "@tributary/raft";
import { InMemoryCluster, memoryAddress } from "../src/in-memory.js";
import { sequenceOf } from "./sequence-of.js";

const seed = Number(process.env.FUZZ_SEED ?? 1);
const cases = Number(process.env.FUZZ_CASES ?? 3000);
let c: InMemoryCluster;
let groups: number[] = [];
const written: { group: number; sequenceNumber: string; data: Buffer }[] = [];


const metaApi = () => c.gatewayCaller(memoryAddress(c.metaLeader() as string));

beforeAll(async () => {
  c = await InMemoryCluster.start();
  const created = await metaApi().proposeCatalog({ command: { createStream: { name: "kept", shardCount: 2, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: Date.now() } } }, 5_000);
  expect(created.failure ?? null).toBeNull();
  await c.waitFor("kept ACTIVE and led", () => {
    const s = c.metaLeaderNode()?.catalog().streams.get("kept");
    if (s?.status !== "ACTIVE") return false;
    groups = s.shards.map((sh) => sh.groupId);
    return groups.every((g) => c.leaderOf(g) !== undefined);
  });
  for (let i = 0; i < 40; i++) {
    const group = groups[i % groups.length] as number;
    const data = Buffer.from(`kept-${i}-${"x".repeat(i)}`);
    const res = await c.gatewayCaller(memoryAddress(c.leaderOf(group) as string)).append({ groupId: group, records: [{ data, partitionKey: `k${i}` }] }, 5_000);
    expect(res.failure ?? null).toBeNull();
    written.push({ group, sequenceNumber: sequenceOf(group, res.ok?.index as number, res.ok?.firstOffset as number, res.ok?.arrivalMs as number), data });
  }
}, 60_000);

afterAll(() => c?.stop());

describe(`fuzzing the node APIs (seed ${seed}, ${cases} cases)`, () => {
  it("no node stops, replicas agree, and records written before read back byte-identical", async () => {
    const r = createRandom(seed);
    const int = (n: number) => Math.floor(r() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
    const num = () => pick([0, 1, 2, 3, 7, 1000, 2 ** 31, 2 ** 53 - 1, Number.MAX_SAFE_INTEGER]);
    const str = () => pick(["", "kept", "fuzzed", "x".repeat(200), "💥", "__proto__", "constructor", "shardId-000000000000", "az-a", "az-a.1", "az-b.1"]);
    const groupId = () => pick([0, ...groups, 99, 2 ** 40]);
    const commandKinds = ["createStream", "deleteStream", "setRetention", "addTags", "removeTags", "setMaxRecordSize", "splitShard", "mergeShards", "updateShardCount", "updateStreamMode", "registerConsumer", "deregisterConsumer", "setShardLevelMetrics", "setResourcePolicy", "setWarmThroughput", "setBillingCommitment", "initCluster", "dropStream", "setIteratorSecret", "setMemberIncarnation", "shardSealed", "dropShard", "activateStream"];
    // A certificate holder may legitimately delete or reshape a stream: the commands name any stream but "kept", whose records are checked at the end.
    const other = () => pick(["", "fuzzed", "x".repeat(200), "💥", "__proto__", "constructor", "az-a"]);
    const command = (): CatalogCommand => {
      const kind = pick(commandKinds);
      const fields: Record<string, unknown> = { name: other(), stream: other(), consumer: str(), shardCount: pick([1, 0, -1, 1.5, 100_000]), mode: pick(["PROVISIONED", "ON_DEMAND"]), maxRecordSizeKib: num(), hours: num(), kib: num(), keys: [str()], tags: [{ key: str(), value: str() }], shardId: str(), adjacentShardId: str(), newStartingHashKey: pick(["0", "1", "-1", "340282366920938463463374607431768211456", "x"]), targetShardCount: num(), metrics: [pick(["IncomingBytes", "ALL", "nope"])], enable: r() < 0.5, policy: pick(["", "{}", "x".repeat(30_000)]), mibps: num(), minimumMs: num(), nowMs: Date.now(), node: str(), incarnation: num(), secret: str(), sealIndex: num() };
      return { [kind]: fields } as CatalogCommand;
    };
    const nodeNames = c.names;
    for (let n = 0; n < cases; n++) {
      const target = pick(nodeNames);
      const api = c.gatewayCaller(memoryAddress(target));
      const peer = c.peerCaller(target);
      const settle = (p: Promise<unknown>) => p.then(
        () => undefined,
        () => undefined,
      );
      switch (int(9)) {
        case 0:
          await settle(api.append({ groupId: groupId(), records: Array.from({ length: pick([0, 1, 3, 600]) }, () => ({ data: Buffer.alloc(pick([0, 1, 1000])), partitionKey: str() })) }, 2_000));
          break;
        case 1:
          await settle(api.read({ groupId: groupId(), fromIndex: num(), fromOffset: num(), limit: num(), maxBytes: num() }, 2_000));
          break;
        case 2:
          await settle(api.seek({ groupId: groupId(), timestampMs: num() }, 2_000));
          break;
        case 3:
          await settle(api.proposeCatalog({ command: command() }, 2_000));
          break;
        case 4:
          await settle(
            (async () => {
              let chunks = 0;
              for await (const _ of peer.fetchLog({ groupId: groupId(), fromIndex: num(), toIndex: num() })) if (++chunks > 50) break;
            })(),
          );
          break;
        case 5:
          await settle(peer.status({}, 2_000));
          break;
        case 6:
          await settle(api.getCatalog({}, 2_000));
          break;
        default: {
          // A forged Raft frame from a real peer: any network message type, odd terms and indexes, no entries.
          const from = pick(nodeNames.filter((x) => x !== target));
          const group = groupId();
          const type = pick([MessageType.Append, MessageType.AppendResponse, MessageType.Vote, MessageType.VoteResponse, MessageType.PreVote, MessageType.PreVoteResponse, MessageType.Heartbeat, MessageType.HeartbeatResponse, MessageType.TimeoutNow, MessageType.ReadIndex, MessageType.ReadIndexResponse, MessageType.TransferLeader]);
          const status = c.node(target)?.status();
          const known = status?.groups?.find((g) => Number(g.groupId) === group);
          const term = pick([0, 1, Number(known?.term ?? 1), Math.max(0, Number(known?.term ?? 1) - 1)]);
          const index = pick([0, 1, Number(known?.lastIndex ?? 1), Number(known?.lastIndex ?? 1) + 1000, 2 ** 40]);
          const m = message({ type, from: nodeId(`${from}.1`), to: nodeId(`${target}.1`), term: raftTerm(term), logTerm: raftTerm(pick([0, term, term + 1])), index: logIndex(index), commit: logIndex(pick([0, index, index + 5])), reject: r() < 0.3, rejectHint: logIndex(pick([0, index])) });
          c.deliver(target, { clusterId: pick([status?.clusterId ?? "", "other-cluster"]), fromNode: from, fromIncarnation: 1, leaving: r() < 0.1, messages: [{ group, message: m }], hibernation: { hibernating: r() < 0.2 ? [{ group, term: Math.floor(r() * 5), index: Math.floor(r() * 50) }] : [], wake: r() < 0.1 ? [group] : [], woke: r() < 0.05 } });
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    // Every node still runs and answers; the cluster settles with a meta leader and shard leaders.
    for (const name of nodeNames) expect((await c.peerCaller(name).status({}, 5_000)).nodeName).toBe(name);
    await c.waitFor("leaders again", () => c.metaLeader() !== undefined && groups.every((g) => c.leaderOf(g) !== undefined), 30_000);
    // Replicas agree on the catalog once they have applied the same index.
    await c.waitFor("catalogs to agree", () => new Set(nodeNames.map((n) => JSON.stringify([...(c.node(n)?.catalog().streams.keys() ?? [])]))).size === 1, 30_000);
    // What was written before reads back byte-identical, from every replica.
    for (const name of nodeNames) {
      for (const group of groups) {
        const res = await c.gatewayCaller(memoryAddress(name)).read({ groupId: group, fromIndex: 1, fromOffset: 0, limit: 10_000, maxBytes: 64 * 1024 * 1024 }, 5_000);
        const bySequence = new Map((res.ok?.records ?? []).map((x) => [sequenceOf(group, x.index, x.offset, x.arrivalMs), Buffer.from(x.data)]));
        for (const w of written.filter((x) => x.group === group)) expect(bySequence.get(w.sequenceNumber)?.equals(w.data), `${w.sequenceNumber} on ${name}`).toBe(true);
      }
    }
  }, 300_000);
});
