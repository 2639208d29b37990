/**
 * The Raft transport between processes, over real gRPC on loopback: entries
 * cross as the bytes their leader stored, checksum included, and a follower
 * keeps those very bytes; a message whose entry was damaged in flight is
 * refused, the rest of its frame taken; a peer that comes back is dialled
 * back as soon as its own stream arrives.
 */
import * as grpc from "@grpc/grpc-js";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Entry, Message } from "@tributary/raft";
import { EntryType, logIndex, MessageType, nodeId, term } from "@tributary/raft";
import { grpcChannelOptions, raftTransportDefinition, RaftTransportClient } from "@tributary/protocol";
import { encodeEntry } from "@tributary/storage";
import { freePort, waitFor } from "@tributary/testkit";
import type { Clock } from "../src/clock.js";
import { systemClock } from "../src/clock.js";
import { GrpcRaftTransport } from "../src/grpc-transport.js";
import type { IncomingBatch } from "../src/transport.js";

const log = pino({ level: "silent" });
const identity = (name: string) => ({ name, incarnation: () => 1, clusterId: () => "c", leaving: () => false });
const quiet = { hibernating: [], wake: [], woke: false };

const append = (entries: Entry[]): Message => ({
  type: MessageType.Append,
  to: nodeId("az-b/1"),
  from: nodeId("az-a/1"),
  term: term(2),
  logTerm: term(2),
  index: logIndex(4),
  entries,
  commit: logIndex(4),
  snapshot: undefined,
  reject: false,
  rejectHint: logIndex(0),
  context: new Uint8Array(0),
});

describe("Raft transport over gRPC", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });

  /** Serves `transport` on a loopback port (0: any); its address. */
  async function serve(transport: GrpcRaftTransport, port = 0): Promise<string> {
    const server = new grpc.Server();
    server.addService(raftTransportDefinition, transport.service);
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    cleanup.push(() => {
      transport.close();
      server.forceShutdown();
    });
    return `127.0.0.1:${bound}`;
  }

  /** A receiving node "az-b" on a loopback port; what it receives lands in the returned list. */
  async function receiver(): Promise<{ address: string; received: IncomingBatch[] }> {
    const received: IncomingBatch[] = [];
    const b = new GrpcRaftTransport(identity("az-b"), new Map(), (batch) => received.push(batch), log, systemClock);
    return { address: await serve(b), received };
  }

  it("carries an entry as the bytes its leader stored, and the follower keeps those bytes", async () => {
    const { address, received } = await receiver();
    const a = new GrpcRaftTransport(identity("az-a"), new Map([["az-b", address]]), () => {}, log, systemClock);
    cleanup.push(() => a.close());
    const entry: Entry = { term: term(2), index: logIndex(5), type: EntryType.Normal, data: new TextEncoder().encode("records of entry 5") };
    const stored = encodeEntry(entry); // what the leader's persist wrote
    a.send("az-b", [{ group: 3, message: append([entry]) }], quiet);
    await waitFor("the frame to arrive", () => received.length > 0, 10_000, 10);
    const [got] = received[0]?.messages ?? [];
    expect(got?.group).toBe(3);
    const arrived = got?.message.entries[0] as Entry;
    expect(new TextDecoder().decode(arrived.data)).toBe("records of entry 5");
    expect({ term: arrived.term, index: arrived.index, type: arrived.type }).toEqual({ term: 2, index: 5, type: EntryType.Normal });
    // What the follower stores is byte for byte what the leader stored, and no new encoding: the data is a view into it.
    const followerStores = encodeEntry(arrived);
    expect(Buffer.from(followerStores).equals(Buffer.from(stored))).toBe(true);
    expect(arrived.data.buffer).toBe(followerStores.buffer);
  });

  it("refuses a message whose entry was damaged in flight, and takes the rest of its frame and the next frame", async () => {
    const { address, received } = await receiver();
    const client = new RaftTransportClient(address, grpc.credentials.createInsecure(), grpcChannelOptions);
    const call = client.stream(() => {});
    cleanup.push(() => {
      call.end();
      client.close();
    });
    const frame = (...entryBytes: Uint8Array[]) => ({ clusterId: "c", fromNode: "az-a", fromIncarnation: 1, toNode: "az-b", messages: entryBytes.map((bytes, i) => ({ groupId: 3 + i, message: { ...append([]), snapshot: null, entries: [bytes] } })) });
    const good = encodeEntry({ term: term(2), index: logIndex(5), type: EntryType.Normal, data: new TextEncoder().encode("intact") });
    const damaged = new Uint8Array(good);
    damaged[damaged.byteLength - 8] = (damaged[damaged.byteLength - 8] as number) ^ 0x01; // inside the data
    call.write(frame(damaged, good)); // group 3's message damaged, group 4's intact
    call.write(frame(good));
    await waitFor("both frames to arrive", () => received.length >= 2, 10_000, 10);
    expect(received[0]?.messages.map((m) => [m.group, new TextDecoder().decode(m.message.entries[0]?.data)])).toEqual([[4, "intact"]]);
    expect(received[1]?.messages.map((m) => [m.group, new TextDecoder().decode(m.message.entries[0]?.data)])).toEqual([[3, "intact"]]);
  });

  it("dials a peer back as soon as the peer's own stream arrives, not after the backoff that grew while it was away", async () => {
    // az-a's clock stands still: its backoff after a failed dial never runs out by itself.
    const frozen: Clock = { now: () => 1_000, every: systemClock.every, after: systemClock.after };
    const bPort = await freePort();
    const a = new GrpcRaftTransport(identity("az-a"), new Map([["az-b", `127.0.0.1:${bPort}`]]), () => {}, log, frozen);
    const aAddress = await serve(a);
    const message = { group: 3, message: append([]) };
    // az-b is down: the dial fails, and what az-a sends meanwhile is dropped.
    await waitFor("az-a to give up on az-b for now", () => {
      a.send("az-b", [message], quiet);
      return (a.dropped().get("az-b") ?? 0) > 0;
    }, 10_000, 20);

    // az-b comes back and dials az-a.
    const received: IncomingBatch[] = [];
    const b = new GrpcRaftTransport(identity("az-b"), new Map([["az-a", aAddress]]), (batch) => received.push(batch), log, systemClock);
    await serve(b, bPort);
    b.send("az-a", [], quiet);
    // az-a's next sends reach it, though az-a's clock says its backoff has not run out.
    await waitFor("az-a's frame to reach az-b", () => {
      a.send("az-b", [message], quiet);
      return received.some((r) => r.fromNode === "az-a");
    }, 10_000, 20);
  });
});
