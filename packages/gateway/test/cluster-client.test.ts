/**
 * The gateway's appends follow routing while they are in flight: an append
 * sent to a leader that routing then shows replaced is abandoned (its
 * outcome unknown) unless that node answers within a short grace, and the
 * shard's next appends go to the new leader; an append told that no leader
 * is known goes as soon as routing names one;
 * a node that does not host a group (starting, or not yet loaded) is a
 * reason to ask another node, never an answer.
 */
import type { AppendRequest, AppendResponse__Output, GatewayApiCaller, RoutingTable__Output } from "@tributary/protocol";
import { CallError } from "@tributary/protocol";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { ClusterClient } from "../src/cluster-client.js";

type AppendFn = (request: AppendRequest, signal?: AbortSignal) => Promise<AppendResponse__Output>;

/** A leader's answer; the entry's index tells which node gave it. */
const ok = (index: number): AppendResponse__Output => ({ ok: { index, firstOffset: 0, arrivalMs: 1, encrypted: false }, result: "ok" }) as AppendResponse__Output;
const stored = (index: number) => ({ ok: true, index, firstOffset: 0, arrivalMs: 1, encrypted: false });
const fromA = 11;
const fromB = 22;
const failure = (code: string): AppendResponse__Output => ({ failure: { code, detail: code, current: 0, limit: 0, limitLow: 0, rule: "" }, result: "failure" }) as AppendResponse__Output;

/** An append that never answers until abandoned, as one to a frozen or cut-off leader. */
const hangs: AppendFn = (_req, signal) =>
  new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new CallError("failed", "x", "abandoned in flight")), { once: true }));

/** An append that answers when the test says (`answer`), or fails as abandoned in flight if its signal aborts first. */
function answeredLater(): { append: AppendFn; answer(res: AppendResponse__Output): void } {
  let answer: ((res: AppendResponse__Output) => void) | undefined;
  return {
    append: (_req, signal) =>
      new Promise((resolve, reject) => {
        answer = resolve;
        signal?.addEventListener("abort", () => reject(new CallError("failed", "x", "abandoned in flight")), { once: true });
      }),
    answer: (res) => answer?.(res),
  };
}

/** Three fake nodes; `az-a` serves the routing watch, whose tables the test pushes. */
function fakeCluster(appends: Record<string, AppendFn>) {
  let push: ((t: RoutingTable__Output) => void) | undefined;
  const calls: string[] = [];
  const table = (leader: string): RoutingTable__Output => ({
    catalogIndex: 1,
    metaLeaderNode: "az-a",
    routes: [{ groupId: 1, streamName: "s", shardId: "shardId-000000000000", startingHashKey: "0", endingHashKey: "1", leaderNode: leader, leaderAddress: `${leader}:1`, term: 1 }],
    nodeAddresses: ["az-a", "az-b", "az-c"].map((n) => ({ node: n, address: `${n}:1` })),
  });
  const connect = (address: string): GatewayApiCaller => {
    const node = address.split(":")[0] as string;
    const unused = () => Promise.reject(new CallError("unreachable", address, "not in this test"));
    return {
      address,
      append: (req, _ms, signal) => {
        calls.push(node);
        return (appends[node] ?? unused)(req, signal);
      },
      read: unused,
      seek: unused,
      getCatalog: unused,
      proposeCatalog: unused,
      watchRouting: (onTable) => {
        if (node === "az-a") push = onTable;
        return { cancel: () => undefined };
      },
      subscribe: async function* () {},
      close: () => undefined,
    };
  };
  const client = new ClusterClient(["az-a:1"], pino({ level: "silent" }), connect);
  client.start();
  return { client, calls, route: (leader: string) => push?.(table(leader)) };
}

const records = [{ data: Buffer.from("x"), partitionKey: "k" }];
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("appends in flight", () => {
  it("are abandoned as of unknown outcome soon after routing shows another leader, and the next append goes to it", async () => {
    const { client, calls, route } = fakeCluster({ "az-a": hangs, "az-b": async () => ok(fromB) });
    cleanup = () => client.close();
    route("az-a");
    const started = Date.now();
    const first = client.append(1, records, 8_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(["az-a"]);
    route("az-b");
    const outcome = await first;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.failure.code).toBe("OUTCOME_UNKNOWN");
    expect(Date.now() - started).toBeLessThan(2_000); // not the 8 s deadline
    expect(await client.append(1, records, 8_000)).toEqual(stored(fromB));
    expect(calls).toEqual(["az-a", "az-b"]);
  });

  it("to an old leader that answers soon after routing shows another (it handed over) take its answer: here, the new leader's name", async () => {
    const oldLeader = answeredLater();
    const { client, calls, route } = fakeCluster({ "az-a": oldLeader.append, "az-b": async () => ok(fromB) });
    cleanup = () => client.close();
    route("az-a");
    const call = client.append(1, records, 8_000);
    await new Promise((r) => setTimeout(r, 50));
    route("az-b");
    await new Promise((r) => setTimeout(r, 10));
    oldLeader.answer({ notLeader: { leaderNode: "az-b", leaderAddress: "az-b:1" }, result: "notLeader" } as AppendResponse__Output);
    expect(await call).toEqual(stored(fromB)); // not OUTCOME_UNKNOWN
    expect(calls).toEqual(["az-a", "az-b"]);
  });

  it("told that no leader is known go again as soon as routing names one", async () => {
    const { client, calls, route } = fakeCluster({ "az-a": async () => ({ notLeader: { leaderNode: "", leaderAddress: "" }, result: "notLeader" }) as AppendResponse__Output, "az-b": async () => ok(fromB) });
    cleanup = () => client.close();
    route("az-a");
    const call = client.append(1, records, 8_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(["az-a"]); // waiting: no leader known
    route("az-a"); // routing, stale, still names the node that knows no leader: no reason to ask it again yet
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(["az-a"]);
    route("az-b");
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(["az-a", "az-b"]); // at once, not after its wait ran out
    expect(await call).toEqual(stored(fromB));
  });

  it("to the leader routing still shows are not abandoned when routing repeats itself", async () => {
    const leader = answeredLater();
    const { client, route } = fakeCluster({ "az-a": leader.append });
    cleanup = () => client.close();
    route("az-a");
    const call = client.append(1, records, 8_000);
    await new Promise((r) => setTimeout(r, 50));
    route("az-a");
    await new Promise((r) => setTimeout(r, 50));
    leader.answer(ok(fromA));
    expect(await call).toEqual(stored(fromA));
  });

  it("that a node answers with GROUP_NOT_HOSTED go to another node, and fail as not stored only when no node hosts the group", async () => {
    const { client, calls, route } = fakeCluster({ "az-a": async () => failure("GROUP_NOT_HOSTED"), "az-b": async () => ok(fromB) });
    cleanup = () => client.close();
    route("az-a");
    expect(await client.append(1, records, 8_000)).toEqual(stored(fromB));
    expect(calls[0]).toBe("az-a");

    const nowhere = fakeCluster({ "az-a": async () => failure("GROUP_NOT_HOSTED"), "az-b": async () => failure("GROUP_NOT_HOSTED"), "az-c": async () => failure("GROUP_NOT_HOSTED") });
    cleanup = () => {
      client.close();
      nowhere.client.close();
    };
    nowhere.route("az-a");
    const outcome = await nowhere.client.append(1, records, 8_000);
    expect(!outcome.ok && outcome.failure.code).toBe("GROUP_NOT_HOSTED");
    expect(new Set(nowhere.calls)).toEqual(new Set(["az-a", "az-b", "az-c"]));
  });
});
