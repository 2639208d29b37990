import { describe, expect, it } from "vitest";
import { applyCommand, emptyCatalog, hashRanges, HASH_KEY_MAX } from "../src/catalog.js";
import type { Catalog } from "../src/catalog.js";
import { ConfigError, parseNodeConfig } from "../src/config.js";
import { decodeShardEntry, encodeShardEntry } from "../src/proto.js";
import { peekArrivalMs } from "../src/replica.js";
import { parseSequenceNumber, sequenceNumber } from "../src/sequence-number.js";

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

describe("catalog", () => {
  const init = (): Catalog => {
    const c = emptyCatalog();
    applyCommand(c, { type: "InitCluster", clusterId: "x", region: "us-east-1", accountId: "000000000000", members: { "az-a": 1, "az-b": 1, "az-c": 1 } });
    return c;
  };
  const create = (c: Catalog, name: string, shardCount: number) =>
    applyCommand(c, { type: "CreateStream", name, shardCount, mode: "PROVISIONED", tags: {}, maxRecordSizeKiB: 1024, nowMs: 1_700_000_000_000 });

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
    const s1 = c.streams.s1;
    expect(s1?.status).toBe("CREATING");
    expect(s1?.arn).toBe("arn:aws:kinesis:us-east-1:000000000000:stream/s1");
    expect(s1?.shards.map((s) => s.groupId)).toEqual([1, 2, 3, 4]);
    expect(c.streams.s2?.shards.map((s) => s.groupId)).toEqual([5, 6]);
    expect(s1?.shards[0]?.shardId).toBe("shardId-000000000000");
    expect(s1?.shards[0]?.voters).toEqual(["az-a.1", "az-b.1", "az-c.1"]);
  });

  it("answers with AWS's errors", () => {
    const c = init();
    create(c, "s1", 1);
    expect(create(c, "s1", 1)).toMatchObject({ ok: false, code: "ResourceInUseException" });
    expect(applyCommand(c, { type: "DeleteStream", name: "nope", enforceConsumerDeletion: false })).toEqual({
      ok: false,
      code: "ResourceNotFoundException",
      message: "Stream nope under account 000000000000 not found.",
    });
    applyCommand(c, { type: "ActivateStream", name: "s1" });
    expect(applyCommand(c, { type: "SetRetention", name: "s1", hours: 12, direction: "decrease" })).toMatchObject({ code: "InvalidArgumentException" });
    expect(applyCommand(c, { type: "SetRetention", name: "s1", hours: 48, direction: "decrease" })).toMatchObject({ code: "InvalidArgumentException" });
    expect(applyCommand(c, { type: "SetRetention", name: "s1", hours: 48, direction: "increase" })).toEqual({ ok: true });
  });

  it("only ever raises a member's incarnation", () => {
    const c = init();
    applyCommand(c, { type: "SetMemberIncarnation", node: "az-b", incarnation: 3 });
    applyCommand(c, { type: "SetMemberIncarnation", node: "az-b", incarnation: 2 });
    expect(c.members["az-b"]).toBe(3);
  });
});

describe("shard entries", () => {
  it("carry their arrival time first, readable without decoding the records", () => {
    const data = encodeShardEntry({ arrivalMs: 1_795_000_000_123, records: [{ data: new Uint8Array([0, 255]), partitionKey: "k" }] });
    expect(peekArrivalMs(data)).toBe(1_795_000_000_123);
    expect(decodeShardEntry(data).records[0]?.partitionKey).toBe("k");
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
  ] as [string[], RegExp][]) {
    it(`refuses ${args.join(" ")}`, () => {
      expect(() => parseNodeConfig(args)).toThrow(ConfigError);
      expect(() => parseNodeConfig(args)).toThrow(message);
    });
  }
});
