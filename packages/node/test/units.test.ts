/** The node's pure parts: the catalog state machine, shard entries, configuration, the record cipher, fetch slots. */
import { describe, expect, it } from "vitest";
import type { CatalogCommand, CatalogCommand__Output } from "@tributary/protocol";
import { decodeCatalog, decodeCatalogCommand, encodeCatalog, encodeCatalogCommand } from "@tributary/protocol";
import { Catalog } from "../src/catalog.js";
import { applyCommand } from "../src/catalog-commands.js";
import { hashRanges, HASH_KEY_MAX } from "../src/hash-keys.js";
import { ConfigError, parseNodeConfig } from "../src/config.js";
import { decodeShardEntry, encodeShardEntry, peekArrivalMs, plainEntry } from "../src/shard-entry.js";
import { FetchSlots } from "../src/fetch-slots.js";

/** A command as the meta log carries it: encoded, then decoded. */
const cmd = (c: CatalogCommand): CatalogCommand__Output => decodeCatalogCommand(encodeCatalogCommand(c));

describe("catalog", () => {
  const init = (): Catalog => {
    const c = new Catalog();
    applyCommand(c, cmd({ initCluster: { clusterId: "x", region: "us-east-1", accountId: "000000000000", members: [{ node: "az-a", incarnation: 1 }, { node: "az-b", incarnation: 1 }, { node: "az-c", incarnation: 1 }] } }));
    return c;
  };
  const create = (c: Catalog, name: string, shardCount: number) => applyCommand(c, cmd({ createStream: { name, shardCount, mode: "PROVISIONED", maxRecordSizeKib: 1024, nowMs: 1_700_000_000_000 } }));

  it("splits the hash key space evenly and without gaps, as Kinesis does", () => {
    const ranges = hashRanges(3);
    expect(ranges[0]?.start).toBe(0n);
    expect(ranges[2]?.end).toBe(HASH_KEY_MAX);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe((ranges[i - 1]?.end ?? 0n) + 1n);
    expect(hashRanges(2)[1]?.start.toString()).toBe("170141183460469231731687303715884105728");
  });

  it("creates a stream with shards in fresh groups whose voters are the current members", () => {
    const c = init();
    expect(create(c, "s1", 4)).toEqual({ ok: true });
    expect(create(c, "s2", 2)).toEqual({ ok: true });
    const s1 = c.streams.get("s1");
    expect(s1?.status).toBe("CREATING");
    expect(s1?.arn).toBe("arn:aws:kinesis:us-east-1:000000000000:stream/s1");
    expect(s1?.shards.map((s) => s.groupId)).toEqual([1, 2, 3, 4]);
    expect(c.streams.get("s2")?.shards.map((s) => s.groupId)).toEqual([5, 6]);
    expect(s1?.shards[0]?.shardId).toBe("shardId-000000000000");
    expect(s1?.shards[0]?.voters).toEqual(["az-a.1", "az-b.1", "az-c.1"]);
  });

  it("answers with failure codes, never AWS's words", () => {
    const c = init();
    create(c, "s1", 1);
    expect(create(c, "s1", 1)).toMatchObject({ ok: false, failure: { code: "STREAM_EXISTS" } });
    expect(applyCommand(c, cmd({ deleteStream: { name: "nope" } }))).toMatchObject({ ok: false, failure: { code: "STREAM_NOT_FOUND" } });
    expect(applyCommand(c, cmd({ setRetention: { name: "s1", hours: 48, change: "INCREASE" } }))).toMatchObject({ ok: false, failure: { code: "STREAM_NOT_ACTIVE" } });
    applyCommand(c, cmd({ activateStream: { name: "s1" } }));
    expect(applyCommand(c, cmd({ setRetention: { name: "s1", hours: 12, change: "DECREASE" } }))).toMatchObject({ ok: false, failure: { code: "RETENTION_OUT_OF_RANGE", limitLow: 24, limit: 8760 } });
    expect(applyCommand(c, cmd({ setRetention: { name: "s1", hours: 48, change: "DECREASE" } }))).toMatchObject({ ok: false, failure: { code: "RETENTION_LONGER_THAN_CURRENT", current: 24 } });
    expect(applyCommand(c, cmd({ setRetention: { name: "s1", hours: 48, change: "INCREASE" } }))).toEqual({ ok: true });
    expect(applyCommand(c, cmd({ addTags: { name: "s1", tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })) } }))).toMatchObject({ ok: false, failure: { code: "TOO_MANY_TAGS", limit: 50 } });
  });

  it("encrypts a stream with one data key per master key, within 25 starts and 25 stops a rolling day, and rotates the iterator secret keeping the one before", () => {
    const c = init();
    create(c, "s1", 1);
    const day = 24 * 3_600_000;
    const t0 = 1_700_000_000_000;
    const start = (masterKeyId: string, nowMs: number, wrapped = Buffer.from(`wrapped under ${masterKeyId} at ${nowMs}`)) =>
      applyCommand(c, cmd({ startStreamEncryption: { name: "s1", keyId: `alias/${masterKeyId}`, nowMs, masterKeyId, wrappedDataKey: wrapped } }));
    const activate = () => applyCommand(c, cmd({ activateStream: { name: "s1" } }));
    expect(start("m1", t0)).toMatchObject({ ok: false, failure: { code: "STREAM_NOT_ACTIVE" } });
    activate();
    expect(start("m1", t0)).toEqual({ ok: true });
    const s = c.streams.get("s1");
    expect([s?.status, s?.keyId, s?.dataKey, s?.dataKeys.length]).toEqual(["UPDATING", "alias/m1", 1, 1]);
    activate();
    expect(start("m2", t0 + 1)).toEqual({ ok: true });
    activate();
    // Back to the first master key: its data key again, not a new one.
    expect(start("m1", t0 + 2, Buffer.from("another"))).toEqual({ ok: true });
    expect([s?.dataKey, s?.dataKeys.map((k) => [k.number, k.masterKeyId, Buffer.from(k.wrapped).toString()])]).toEqual([
      1,
      [
        [1, "m1", `wrapped under m1 at ${t0}`],
        [2, "m2", `wrapped under m2 at ${t0 + 1}`],
      ],
    ]);
    activate();
    for (let i = 3; i < 25; i++) {
      expect(start("m1", t0 + i)).toEqual({ ok: true });
      activate();
    }
    expect(start("m1", t0 + 25)).toMatchObject({ ok: false, failure: { code: "CHANGE_LIMIT", rule: "encryption-starts", limit: 25 } });
    expect(start("m1", t0 + day + 1)).toEqual({ ok: true });
    activate();
    const stop = (nowMs: number) => applyCommand(c, cmd({ stopStreamEncryption: { name: "s1", nowMs } }));
    expect(stop(t0 + day + 2)).toEqual({ ok: true });
    expect([s?.status, s?.keyId, s?.dataKey, s?.dataKeys.length]).toEqual(["UPDATING", "", 0, 2]);
    for (let i = 1; i < 25; i++) {
      activate();
      expect(stop(t0 + day + 2 + i)).toEqual({ ok: true });
    }
    activate();
    expect(stop(t0 + day + 30)).toMatchObject({ ok: false, failure: { code: "CHANGE_LIMIT", rule: "encryption-stops" } });
    // A start without a data key (never sent by a node) is refused, not applied half.
    expect(applyCommand(c, cmd({ startStreamEncryption: { name: "s1", keyId: "alias/m3", nowMs: t0 + 2 * day, masterKeyId: "m3" } }))).toMatchObject({ ok: false, failure: { code: "INVALID_REQUEST" } });
    // The catalog's wire form keeps all of it.
    const again = Catalog.fromWire(decodeCatalog(encodeCatalog(c.toWire())));
    expect(again.streams.get("s1")?.dataKeys).toEqual(s?.dataKeys.map((k) => ({ ...k, wrapped: Buffer.from(k.wrapped) })));

    applyCommand(c, cmd({ setIteratorSecret: { secret: "first" } }));
    applyCommand(c, cmd({ setIteratorSecret: { secret: "ignored" } }));
    expect([c.iteratorSecret, c.previousIteratorSecret]).toEqual(["first", ""]);
    applyCommand(c, cmd({ setIteratorSecret: { secret: "second", rotate: true } }));
    applyCommand(c, cmd({ setIteratorSecret: { secret: "third", rotate: true } }));
    expect([c.iteratorSecret, c.previousIteratorSecret]).toEqual(["third", "second"]);
  });

  it("registers consumers within AWS's limits, and acts on a consumer only under the ARN it was given", () => {
    const c = init();
    create(c, "s1", 1);
    applyCommand(c, cmd({ activateStream: { name: "s1" } }));
    const register = (consumer: string, nowMs = 1_700_000_000_000) => applyCommand(c, cmd({ registerConsumer: { stream: "s1", consumer, nowMs } }));
    expect(register("app")).toEqual({ ok: true });
    const app = c.streams.get("s1")?.consumers[0];
    expect(app).toMatchObject({ name: "app", arn: "arn:aws:kinesis:us-east-1:000000000000:stream/s1/consumer/app:1700000000", status: "CONSUMER_CREATING" });
    expect(register("app")).toMatchObject({ ok: false, failure: { code: "CONSUMER_EXISTS" } });
    for (let i = 0; i < 4; i++) register(`c${i}`);
    expect(register("sixth")).toMatchObject({ ok: false, failure: { code: "TOO_MANY_CONSUMERS", rule: "creating", limit: 5 } });
    for (const k of c.streams.get("s1")?.consumers ?? []) applyCommand(c, cmd({ activateConsumer: { stream: "s1", consumer: k.name, arn: k.arn } }));
    for (let i = 5; i < 20; i++) {
      register(`d${i}`);
      const d = c.streams.get("s1")?.consumers.find((k) => k.name === `d${i}`);
      applyCommand(c, cmd({ activateConsumer: { stream: "s1", consumer: `d${i}`, arn: d?.arn ?? "" } }));
    }
    expect(register("twenty-first")).toMatchObject({ ok: false, failure: { code: "TOO_MANY_CONSUMERS", rule: "per-stream", limit: 20 } });
    expect(applyCommand(c, cmd({ deleteStream: { name: "s1" } }))).toMatchObject({ ok: false, failure: { code: "STREAM_HAS_CONSUMERS" } });
    // Deregistered, then registered again under the same name: a drop meant for the old one leaves the new one be.
    const oldArn = app?.arn ?? "";
    expect(applyCommand(c, cmd({ deregisterConsumer: { stream: "s1", consumer: "app", arn: oldArn } }))).toEqual({ ok: true });
    applyCommand(c, cmd({ dropConsumer: { stream: "s1", consumer: "app", arn: oldArn } }));
    expect(register("app", 1_700_000_100_000)).toEqual({ ok: true });
    applyCommand(c, cmd({ dropConsumer: { stream: "s1", consumer: "app", arn: oldArn } }));
    expect(applyCommand(c, cmd({ activateConsumer: { stream: "s1", consumer: "app", arn: oldArn } }))).toMatchObject({ ok: false, failure: { code: "CONSUMER_NOT_FOUND" } });
    expect(c.streams.get("s1")?.consumers.find((k) => k.name === "app")).toMatchObject({ status: "CONSUMER_CREATING", arn: "arn:aws:kinesis:us-east-1:000000000000:stream/s1/consumer/app:1700000100" });
    expect(applyCommand(c, cmd({ deleteStream: { name: "s1", enforceConsumerDeletion: true } }))).toEqual({ ok: true });
  });

  it("refuses, without throwing, commands that cannot apply", () => {
    const c = init();
    expect(applyCommand(c, cmd({}))).toMatchObject({ ok: false, failure: { code: "INVALID_REQUEST" } });
    expect(create(c, "zero", 0)).toMatchObject({ ok: false, failure: { code: "INVALID_REQUEST" } });
    expect(c.streams.size).toBe(0);
  });

  it("only ever raises a member's incarnation", () => {
    const c = init();
    expect(applyCommand(c, cmd({ setMemberIncarnation: { node: "az-b", incarnation: 3 } }))).toEqual({ ok: true, memberIncarnation: 3 });
    expect(applyCommand(c, cmd({ setMemberIncarnation: { node: "az-b", incarnation: 2 } }))).toEqual({ ok: true, memberIncarnation: 3 });
    expect(c.members.get("az-b")).toBe(3);
    expect(applyCommand(c, cmd({ setMemberIncarnation: { node: "az-z", incarnation: 2 } }))).toMatchObject({ ok: false, failure: { code: "NOT_A_MEMBER" } });
  });

  it("keeps names that are properties of plain objects apart from them", () => {
    const c = init();
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) expect(create(c, name, 1)).toEqual({ ok: true });
    expect([...c.streams.keys()].sort()).toEqual(["__proto__", "constructor", "hasOwnProperty", "toString"]);
  });

  it("survives its snapshot encoding unchanged", () => {
    const c = init();
    create(c, "s1", 2);
    applyCommand(c, cmd({ addTags: { name: "s1", tags: [{ key: "k", value: "v" }] } }));
    const copy = Catalog.fromWire(decodeCatalog(encodeCatalog(c.toWire())));
    expect(copy.toWire()).toEqual(c.toWire());
    expect(encodeCatalog(copy.toWire())).toEqual(encodeCatalog(c.toWire()));
  });
});

describe("shard entries", () => {
  it("carry their arrival time first, readable without decoding the records", () => {
    const data = encodeShardEntry(plainEntry(1_795_000_000_123, [{ data: new Uint8Array([0, 255]), partitionKey: "k" }]));
    expect(peekArrivalMs(data)).toBe(1_795_000_000_123);
    expect(decodeShardEntry(data).records[0]?.partitionKey).toBe("k");
    expect(peekArrivalMs(new Uint8Array(0))).toBeUndefined();
  });
});

describe("configuration", () => {
  const peers = "az-a=127.0.0.1:1,az-b=127.0.0.1:2,az-c=127.0.0.1:3";
  it("reads flags, with defaults", () => {
    const c = parseNodeConfig(["--name", "az-b", "--peers", peers]);
    expect(c.listen).toBe("127.0.0.1:2");
    expect(c.dataDir).toBe("./data/az-b");
    expect(c.fsync).toBe(true);
  });

  for (const [args, message] of [
    [["--peers", peers], /--name/],
    [["--name", "az-a"], /--peers/],
    [["--name", "az-d", "--peers", peers], /must include this node/],
    [["--name", "az-a", "--peers", "az-a=127.0.0.1:1"], /exactly three members/],
    [["--name", "az-a", "--peers", "az-a=nowhere,az-b=127.0.0.1:2,az-c=127.0.0.1:3"], /name=host:port/],
    [["--name", "az-a", "--peers", peers, "--tick-ms", "fast"], /--tick-ms/],
    [["--name", "az-a", "--peers", peers, "--fsync", "maybe"], /--fsync/],
    [["--name", "gateway-1", "--peers", "gateway-1=127.0.0.1:1,az-b=127.0.0.1:2,az-c=127.0.0.1:3"], /for gateways and operators/],
  ] as [string[], RegExp][]) {
    it(`refuses ${args.join(" ")}`, () => {
      expect(() => parseNodeConfig(args)).toThrow(ConfigError);
      expect(() => parseNodeConfig(args)).toThrow(message);
    });
  }
});

describe("record cipher", () => {
  it("seals each entry under its own key, binds the clear header and the shard, and opens only with the wrapping master key", async () => {
    const { randomBytes } = await import("node:crypto");
    const { Keyring } = await import("@tributary/protocol");
    const { KeyUnavailableError, RecordCipher } = await import("../src/record-cipher.js");
    const keyring = Keyring.generate();
    const cipher = new RecordCipher(keyring, (n) => randomBytes(n));
    const master = cipher.masterKey("alias/aws/kinesis");
    const dk = { number: 1, masterKeyId: master.id, wrapped: cipher.newDataKey(master) };
    const plain = Buffer.from("the records of one entry");
    const header = { arrivalMs: 1_795_000_000_000, recordCount: 3, recordBytes: 24 };
    const a = cipher.seal(7, dk, plain, header);
    const b = cipher.seal(7, dk, plain, header);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(Buffer.from(a.ciphertext).includes(plain)).toBe(false);
    expect(Buffer.from(cipher.open(7, [dk], a, header)).equals(plain)).toBe(true);
    // Another shard, an altered header or ciphertext, an unknown data key: refused, never garbage.
    expect(() => cipher.open(8, [dk], a, header)).toThrow(KeyUnavailableError);
    expect(() => cipher.open(7, [dk], a, { ...header, recordCount: 2 })).toThrow(KeyUnavailableError);
    const flipped = Buffer.from(a.ciphertext);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => cipher.open(7, [dk], { ...a, ciphertext: flipped }, header)).toThrow(KeyUnavailableError);
    expect(() => cipher.open(7, [], a, header)).toThrow(/not in the catalog/);
    // A node with another keyring cannot unwrap the data key.
    const stranger = new RecordCipher(Keyring.generate(), (n) => randomBytes(n));
    expect(() => stranger.open(7, [dk], a, header)).toThrow(/not in this node's keyring/);
    expect(() => stranger.masterKey("alias/absent")).toThrow(KeyUnavailableError);
  });
});

describe("fetch slots", () => {
  it("let at most their number fetch at once; the rest go in arrival order as slots come back", async () => {
    const slots = new FetchSlots(2);
    const order: string[] = [];
    const a = await slots.take();
    const b = await slots.take();
    const c = slots.take().then((release) => (order.push("c"), release));
    const d = slots.take().then((release) => (order.push("d"), release));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    a();
    a(); // giving a slot back twice frees it once
    const releaseC = await c;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["c"]);
    b();
    const releaseD = await d;
    expect(order).toEqual(["c", "d"]);
    releaseC();
    releaseD();
    // Both free again: two more get slots at once.
    await Promise.all([slots.take(), slots.take()]);
  });
});
