/**
 * The wire contract: generated types match proto/, the catalog's encodings
 * round-trip, sequence numbers keep AWS's layout, and an in-process call
 * behaves as a call over the network (wire encoding, unreachable, deadline).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { GatewayApiCaller, GatewayApiHandler, SubscribeResponse } from "../src/index.js";
import {
  CallError,
  decodeCatalogCommand,
  encodeCatalogCommand,
  gatewayApiDefinition,
  gatewayApiService,
  grpcGatewayApiCaller,
  inProcessGatewayApiCaller,
  parseSequenceNumber,
  realTimer,
  sequenceNumber,
} from "../src/index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("generated types", () => {
  it("are what scripts/generate.sh makes from proto/ now (regenerate and commit after changing a proto file)", () => {
    const out = mkdtempSync(join(tmpdir(), "tributary-protocol-"));
    try {
      execFileSync("bash", [join(packageDir, "scripts/generate.sh"), out], { stdio: "pipe" });
      const committed = join(packageDir, "src/generated");
      const fresh = files(out).map((f) => relative(out, f)).sort();
      expect(files(committed).map((f) => relative(committed, f)).sort()).toEqual(fresh);
      for (const f of fresh) expect(readFileSync(join(committed, f), "utf8"), f).toBe(readFileSync(join(out, f), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("catalog commands", () => {
  it("round-trip as the data of a meta log entry, with their oneof case and enum names", () => {
    const bytes = encodeCatalogCommand({ createStream: { name: "s", shardCount: 3, mode: "ON_DEMAND", tags: [{ key: "k", value: "v" }], maxRecordSizeKib: 1024, nowMs: 1_795_000_000_123 } });
    const decoded = decodeCatalogCommand(bytes);
    expect(decoded.command).toBe("createStream");
    expect(decoded.createStream).toEqual({ name: "s", shardCount: 3, mode: "ON_DEMAND", tags: [{ key: "k", value: "v" }], maxRecordSizeKib: 1024, nowMs: 1_795_000_000_123, shardLimit: 0 });
  });

  it("refuse bytes that are not a command", () => {
    expect(() => decodeCatalogCommand(new Uint8Array([0xff, 0xff, 0xff]))).toThrow();
  });
});

describe("sequence numbers", () => {
  const base = { shardCreatedS: 1_700_000_000, shardIndex: 3, logIndex: 42, offset: 7, arrivalS: 1_700_000_123 };

  it("are 56 decimal digits and decode back to their parts", () => {
    const s = sequenceNumber(base);
    expect(s).toMatch(/^\d{56}$/);
    expect(parseSequenceNumber(s)).toEqual(base);
  });

  it("decode a sequence number from AWS's documentation in the same layout", () => {
    const parts = parseSequenceNumber("49546986683135544286507457936321625675700192471156785154");
    expect(parts).toBeDefined();
    expect(parts?.shardIndex).toBe(0);
  });

  it("increase with the log position, whatever the arrival time", () => {
    const a = BigInt(sequenceNumber({ ...base, logIndex: 42, offset: 9, arrivalS: base.arrivalS + 100 }));
    const b = BigInt(sequenceNumber({ ...base, logIndex: 43, offset: 0, arrivalS: base.arrivalS }));
    const c = BigInt(sequenceNumber({ ...base, logIndex: 43, offset: 1, arrivalS: base.arrivalS }));
    expect(a < b && b < c).toBe(true);
  });

  it("reject what is not one of ours", () => {
    expect(parseSequenceNumber("12")).toBeUndefined();
    expect(parseSequenceNumber("abc")).toBeUndefined();
  });
});

describe("in-process calls", () => {
  const never = new Promise<never>(() => undefined);
  const handler: GatewayApiHandler = {
    append: async (req) => ({ ok: { index: Number(req.groupId), firstOffset: req.records[0]?.data.byteLength ?? 0, arrivalMs: 5 } }),
    read: async () => never,
    seek: async () => ({ failure: { code: "GROUP_NOT_HOSTED", detail: "no such group" } }),
    getCatalog: async () => ({ notLeader: { leaderNode: "az-b", leaderAddress: "b:1" } }),
    proposeCatalog: async () => {
      throw new Error("boom");
    },
    watchRouting: () => () => undefined,
    subscribe: (req, signal) => numbered(Number(req.fromIndex), signal),
  };

  it("hand over requests and answers through the wire encoding", async () => {
    const caller = inProcessGatewayApiCaller("a:1", () => handler, realTimer);
    const res = await caller.append({ groupId: "7", records: [{ data: Buffer.from("xyz"), partitionKey: "k" }] }, 1_000);
    expect(res.result).toBe("ok");
    expect(res.ok).toEqual({ index: 7, firstOffset: 3, arrivalMs: 5, encrypted: false });
    const seek = await caller.seek({ groupId: 1, timestampMs: 0 }, 1_000);
    expect(seek.failure).toEqual({ code: "GROUP_NOT_HOSTED", detail: "no such group", current: 0, limit: 0, limitLow: 0, rule: "" });
    expect((await caller.getCatalog({}, 1_000)).notLeader?.leaderNode).toBe("az-b");
  });

  it("fail as unreachable when the node is down, past their deadline, and as failed when the handler breaks", async () => {
    const down = inProcessGatewayApiCaller("a:1", () => undefined, realTimer);
    await expect(down.append({ groupId: 1, records: [] }, 1_000)).rejects.toSatisfy((e: CallError) => e instanceof CallError && e.neverSent);
    const slow = inProcessGatewayApiCaller("a:1", () => handler, realTimer);
    await expect(slow.read({ groupId: 1 }, 20)).rejects.toSatisfy((e: CallError) => e.kind === "deadline" && !e.neverSent);
    await expect(slow.proposeCatalog({}, 1_000)).rejects.toSatisfy((e: CallError) => e.kind === "failed");
  });
});

/** A node that fails every unary call and streams numbered batches to subscribers. */
const streaming: GatewayApiHandler = {
  append: async () => ({ failure: { code: "INTERNAL", detail: "" } }),
  read: async () => ({ failure: { code: "INTERNAL", detail: "" } }),
  seek: async () => ({ failure: { code: "INTERNAL", detail: "" } }),
  getCatalog: async () => ({ failure: { code: "INTERNAL", detail: "" } }),
  proposeCatalog: async () => ({ failure: { code: "INTERNAL", detail: "" } }),
  watchRouting: () => () => undefined,
  subscribe: (req, signal) => numbered(Number(req.fromIndex), signal),
};

describe("abandoned calls", () => {
  const hanging: GatewayApiHandler = { ...streaming, append: async () => new Promise<never>(() => undefined) };
  const abandonedInFlight = (e: CallError) => e instanceof CallError && e.kind === "failed" && !e.neverSent;

  it("end at once, as failed (the node may have acted), when their signal aborts in flight; before sending, as never sent", async () => {
    const inProcess = inProcessGatewayApiCaller("a:1", () => hanging, realTimer);
    const server = new grpc.Server();
    server.addService(gatewayApiDefinition, gatewayApiService(hanging, () => undefined));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    const overGrpc = grpcGatewayApiCaller(`127.0.0.1:${port}`);
    try {
      for (const caller of [inProcess, overGrpc]) {
        const abandon = new AbortController();
        const started = Date.now();
        const call = caller.append({ groupId: 1, records: [{ data: Buffer.from("x"), partitionKey: "k" }] }, 30_000, abandon.signal);
        setTimeout(() => abandon.abort(), 100);
        await expect(call).rejects.toSatisfy(abandonedInFlight);
        expect(Date.now() - started).toBeLessThan(10_000); // not at the 30 s deadline
        await expect(caller.append({ groupId: 1, records: [] }, 30_000, abandon.signal)).rejects.toSatisfy((e: CallError) => e.neverSent);
      }
    } finally {
      overGrpc.close();
      server.forceShutdown();
    }
  });

  it("over gRPC, fail within seconds when the node stops answering (a frozen process keeps its connection open)", async () => {
    const server = new grpc.Server();
    server.addService(gatewayApiDefinition, gatewayApiService(hanging, () => undefined));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    // A relay that forwards bytes until told to freeze, then holds both sockets open and silent, as SIGSTOP would.
    const { createServer, connect } = await import("node:net");
    let frozen = false;
    const sockets: import("node:net").Socket[] = [];
    const relay = createServer((client) => {
      const upstream = connect(port, "127.0.0.1");
      sockets.push(client, upstream);
      client.on("data", (d) => !frozen && upstream.write(d));
      upstream.on("data", (d) => !frozen && client.write(d));
      client.on("error", () => undefined);
      upstream.on("error", () => undefined);
    });
    await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
    const relayPort = (relay.address() as import("node:net").AddressInfo).port;
    const caller = grpcGatewayApiCaller(`127.0.0.1:${relayPort}`);
    try {
      // The connection works: an append reaches the (hanging) handler.
      const call = caller.append({ groupId: 1, records: [{ data: Buffer.from("x"), partitionKey: "k" }] }, 60_000);
      await new Promise((r) => setTimeout(r, 300));
      frozen = true;
      const frozenAt = Date.now();
      await expect(call).rejects.toSatisfy(abandonedInFlight);
      expect(Date.now() - frozenAt).toBeLessThan(15_000); // keepalive: about 2 s; the call's own deadline is 60 s
    } finally {
      caller.close();
      for (const s of sockets) s.destroy();
      relay.close();
      server.forceShutdown();
    }
  });
});

/** A subscription handler's stream: batches numbered from `from`, one record each, forever (until aborted); `made` counts what it produced. */
const made = { count: 0, aborted: 0 };
async function* numbered(from: number, signal: AbortSignal): AsyncGenerator<SubscribeResponse> {
  try {
    for (let i = from; !signal.aborted && i < from + 100_000; i++) {
      made.count++;
      yield { batch: { records: [{ data: Buffer.alloc(1024), partitionKey: "k", index: i }], nextIndex: i + 1 } };
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    if (signal.aborted) made.aborted++;
  }
}

async function take(caller: GatewayApiCaller, from: number, n: number, signal: AbortSignal): Promise<number[]> {
  const seen: number[] = [];
  for await (const res of caller.subscribe({ groupId: 1, fromIndex: from }, signal)) {
    seen.push(Number(res.batch?.records[0]?.index));
    if (seen.length === n) break;
  }
  return seen;
}

describe("subscriptions", () => {
  const handler = streaming;

  it("stream batches in order over gRPC, are held back by a reader that does not read, and end on both sides when the reader aborts", async () => {
    const server = new grpc.Server();
    server.addService(gatewayApiDefinition, gatewayApiService(handler, () => undefined));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    const caller = grpcGatewayApiCaller(`127.0.0.1:${port}`);
    try {
      made.count = 0;
      made.aborted = 0;
      const abort = new AbortController();
      expect(await take(caller, 5, 3, abort.signal)).toEqual([5, 6, 7]);
      // Leaving the loop ends the stream at the node too.
      await vi_waitFor(() => made.aborted === 1);
      // A reader that stops reading holds the node back: flow control bounds what is made ahead of it.
      made.count = 0;
      const slow = caller.subscribe({ groupId: 1, fromIndex: 1 }, abort.signal)[Symbol.asyncIterator]();
      await slow.next();
      await new Promise((r) => setTimeout(r, 500));
      const ahead = made.count;
      expect(ahead).toBeLessThan(5_000); // 1 KiB batches: gRPC's windows hold a few MiB at most
      await new Promise((r) => setTimeout(r, 300));
      expect(made.count).toBe(ahead);
      abort.abort();
      await expect(slow.next()).resolves.toMatchObject({ done: true });
      await vi_waitFor(() => made.aborted === 2);
    } finally {
      caller.close();
      server.forceShutdown();
    }
  });

  it("stream through the wire encoding in process, and break when the node goes down", async () => {
    let up = true;
    const caller = inProcessGatewayApiCaller("a:1", () => (up ? handler : undefined), realTimer);
    const abort = new AbortController();
    expect(await take(caller, 1, 2, abort.signal)).toEqual([1, 2]);
    const it = caller.subscribe({ groupId: 1, fromIndex: 10 }, abort.signal)[Symbol.asyncIterator]();
    expect((await it.next()).value?.batch?.nextIndex).toBe(11);
    up = false;
    await expect(it.next()).rejects.toSatisfy((e: CallError) => e instanceof CallError && e.kind === "failed");
    await expect(take(caller, 1, 1, abort.signal)).rejects.toSatisfy((e: CallError) => e.kind === "unreachable");
  });
});

async function vi_waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(cond()).toBe(true);
}

describe("the keyring", () => {
  it("names keys as KMS KeyIds do, refuses malformed files, and makes one file when processes race", async () => {
    const { Keyring, KeyringError, ensureKeyring } = await import("../src/keyring.js");
    const ring = Keyring.generate().withNewKey("alias/orders");
    const [kinesis, orders] = ring.keys;
    expect(ring.resolve("alias/aws/kinesis")?.id).toBe(kinesis?.id);
    expect(ring.resolve(orders?.id as string)?.id).toBe(orders?.id);
    expect(ring.resolve("arn:aws:kms:eu-west-1:123456789012:alias/orders")?.id).toBe(orders?.id);
    expect(ring.resolve(`arn:aws:kms:eu-west-1:123456789012:key/${orders?.id}`)?.id).toBe(orders?.id);
    expect(ring.resolve("alias/absent")).toBeUndefined();
    expect(ring.resolve("orders")).toBeUndefined();
    expect(Keyring.parse(ring.toJson()).keys.map((k) => [k.id, k.aliases, k.material.toString("hex")])).toEqual(ring.keys.map((k) => [k.id, k.aliases, k.material.toString("hex")]));
    expect(() => ring.withNewKey("alias/orders")).toThrow(KeyringError);
    expect(() => Keyring.parse("{")).toThrow(/not JSON/);
    expect(() => Keyring.parse(JSON.stringify({ keys: [{ id: "x", material: "" }] }))).toThrow(/not a key id/);
    const short = JSON.parse(ring.toJson()) as { keys: { material: string }[] };
    (short.keys[0] as { material: string }).material = Buffer.alloc(16).toString("base64");
    expect(() => Keyring.parse(JSON.stringify(short))).toThrow(/32 bytes/);

    const { mkdtempSync, readdirSync, statSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "keyring-"));
    const file = join(dir, "keyring.json");
    const made = await Promise.all(Array.from({ length: 8 }, async () => ensureKeyring(file)));
    expect(new Set(made.map((k) => k.keys[0]?.id)).size).toBe(1);
    expect(readdirSync(dir)).toEqual(["keyring.json"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe("member roles", () => {
  it("are written into each member's certificate and read back from a peer's", async () => {
    const { makeClusterCertificates, roleOfCertificate, roleOfMember } = await import("../src/cluster-tls.js");
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { X509Certificate } = await import("node:crypto");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    expect(["az-a", "node", "gateway", "gateway-2", "operator"].map(roleOfMember)).toEqual(["node", "node", "gateway", "gateway", "operator"]);
    const dir = mkdtempSync(join(tmpdir(), "roles-"));
    try {
      const dirs = await makeClusterCertificates(dir, ["az-a", "gateway", "operator"]);
      const subjectOf = (member: string) => Object.fromEntries(new X509Certificate(readFileSync(join(dirs.get(member) as string, "cert.pem"))).subject.split("\n").map((kv) => kv.split("=")));
      expect(["az-a", "gateway", "operator"].map((m) => roleOfCertificate({ subject: subjectOf(m) }))).toEqual(["node", "gateway", "operator"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A certificate made before roles (no OU) is known by its member name; an unknown OU is no role.
    expect(roleOfCertificate({ subject: { CN: "gateway" } })).toBe("gateway");
    expect(roleOfCertificate({ subject: { CN: "az-a", OU: "admin" } })).toBeUndefined();
    expect(roleOfCertificate(undefined)).toBeUndefined();
  });
});

describe("mutual TLS", () => {
  // Node.js prints the warning once per process: no test above dials a TLS port.
  it("dials a member by IP address without a deprecation warning (no IP address as the TLS server name)", async () => {
    const { channelCredentials, makeClusterCertificates, loadClusterTls, serverCredentials } = await import("../src/cluster-tls.js");
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(`${w.code ?? w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const dir = mkdtempSync(join(tmpdir(), "tls-by-address-"));
    const server = new grpc.Server();
    try {
      const dirs = await makeClusterCertificates(dir, ["az-a", "gateway"]);
      const node = loadClusterTls(dirs.get("az-a") as string);
      const gateway = loadClusterTls(dirs.get("gateway") as string);
      const handler = { append: async () => ({ ok: { index: 1, firstOffset: 0, arrivalMs: 5 } }) } as unknown as GatewayApiHandler;
      server.addService(gatewayApiDefinition, gatewayApiService(handler, () => undefined));
      const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", serverCredentials(node), (err, p) => (err ? reject(err) : resolve(p))));
      const caller = grpcGatewayApiCaller(`127.0.0.1:${port}`, channelCredentials(gateway));
      try {
        const res = await caller.append({ groupId: 1, records: [{ data: Buffer.from("x"), partitionKey: "k" }] }, 10_000);
        expect(res.ok?.index).toBe(1);
      } finally {
        caller.close();
      }
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      server.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
