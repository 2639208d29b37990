/**
 * Every operation the gateway serves, through the unmodified AWS SDK v3 with
 * its default transport (HTTP/2): what it does, and the errors AWS gives for
 * bad input. Then records: byte-identical round trips, large records, MD5
 * routing, positioning of every iterator type, and iterator expiry and
 * tampering.
 */
import { createHash } from "node:crypto";
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListShardsCommand,
  ListStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RemoveTagsFromStreamCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateMaxRecordSizeCommand,
} from "@aws-sdk/client-kinesis";
import type { ShardIteratorType } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive, waitFor } from "./harness.js";

let h: Harness;

async function expectError(p: Promise<unknown>, name: string, message?: RegExp | string, status = 400): Promise<void> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  expect(err, `expected ${name}`).toBeDefined();
  expect(err?.name).toBe(name);
  if (message !== undefined) {
    if (typeof message === "string") expect(err?.message).toBe(message);
    else expect(err?.message).toMatch(message);
  }
  expect(err?.$metadata?.httpStatusCode).toBe(status);
}

beforeAll(async () => {
  h = await startHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "main", ShardCount: 3 }));
  await waitActive(h, "main");
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe("CreateStream, DescribeStream, DescribeStreamSummary, ListStreams, DeleteStream", () => {
  it("creates a stream that goes from CREATING to ACTIVE with evenly split shards", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "created", ShardCount: 2, Tags: { team: "a" } }));
    const first = await h.kinesis.send(new DescribeStreamCommand({ StreamName: "created" }));
    expect(["CREATING", "ACTIVE"]).toContain(first.StreamDescription?.StreamStatus);
    await waitActive(h, "created");
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "created" }))).StreamDescription;
    expect(d?.StreamARN).toBe("arn:aws:kinesis:us-east-1:000000000000:stream/created");
    expect(d?.RetentionPeriodHours).toBe(24);
    expect(d?.HasMoreShards).toBe(false);
    expect(d?.StreamModeDetails?.StreamMode).toBe("PROVISIONED");
    expect(d?.StreamCreationTimestamp).toBeInstanceOf(Date);
    expect(d?.Shards?.map((s) => [s.ShardId, s.HashKeyRange?.StartingHashKey, s.HashKeyRange?.EndingHashKey])).toEqual([
      ["shardId-000000000000", "0", "170141183460469231731687303715884105727"],
      ["shardId-000000000001", "170141183460469231731687303715884105728", "340282366920938463463374607431768211455"],
    ]);
    expect(d?.Shards?.[0]?.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{56}$/);
    const s = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: d?.StreamARN }))).StreamDescriptionSummary;
    expect(s?.OpenShardCount).toBe(2);
    expect(s?.StreamName).toBe("created");
    expect(s?.ConsumerCount).toBe(0);
  });

  it("refuses a duplicate name and a bad request", async () => {
    await expectError(h.kinesis.send(new CreateStreamCommand({ StreamName: "main", ShardCount: 1 })), "ResourceInUseException", "Stream main under account 000000000000 already exists.");
    await expectError(
      h.kinesis.send(new CreateStreamCommand({ StreamName: "bad name", ShardCount: 0 })),
      "ValidationException",
      "2 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    await expectError(
      h.kinesis.send(new CreateStreamCommand({ StreamName: "x".repeat(129), ShardCount: 1 })),
      "ValidationException",
      /at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128/,
    );
    await expectError(h.kinesis.send(new CreateStreamCommand({ StreamName: "noshards" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new CreateStreamCommand({ StreamName: "huge", ShardCount: 100_000 })), "LimitExceededException", /shard limit/);
  });

  it("lists streams with Limit, ExclusiveStartStreamName and NextToken", async () => {
    for (const n of ["list-a", "list-b", "list-c"]) await h.kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }));
    const all = await h.kinesis.send(new ListStreamsCommand({}));
    expect(all.StreamNames).toEqual([...(all.StreamNames ?? [])].sort());
    expect(all.StreamNames).toEqual(expect.arrayContaining(["list-a", "list-b", "list-c", "main"]));
    expect(all.StreamSummaries?.find((s) => s.StreamName === "main")?.StreamARN).toMatch(/stream\/main$/);
    const page = await h.kinesis.send(new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamName: "list-a" }));
    expect(page.StreamNames).toEqual(["list-b"]);
    expect(page.HasMoreStreams).toBe(true);
    const next = await h.kinesis.send(new ListStreamsCommand({ NextToken: page.NextToken, Limit: 1 }));
    expect(next.StreamNames).toEqual(["list-c"]);
    await expectError(h.kinesis.send(new ListStreamsCommand({ NextToken: "forged.token" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new ListStreamsCommand({ Limit: 0 })), "ValidationException", /at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/);
  });

  it("deletes a stream, after which it is not found", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "doomed", ShardCount: 1 }));
    await waitActive(h, "doomed");
    await h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed", EnforceConsumerDeletion: true }));
    await waitFor("doomed to disappear", async () => !(await h.kinesis.send(new ListStreamsCommand({}))).StreamNames?.includes("doomed"), 30_000, 200);
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException", "Stream doomed under account 000000000000 not found.");
    await expectError(h.kinesis.send(new DeleteStreamCommand({ StreamName: "doomed" })), "ResourceNotFoundException");
  });

  it("accepts StreamARN wherever the model does, and refuses a mismatch", async () => {
    const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";
    const d = await h.kinesis.send(new DescribeStreamCommand({ StreamARN: arn }));
    expect(d.StreamDescription?.StreamName).toBe("main");
    await expectError(h.kinesis.send(new DescribeStreamCommand({ StreamARN: arn, StreamName: "other" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DescribeStreamCommand({})), "InvalidArgumentException");
  });
});

describe("ListShards", () => {
  it("pages with MaxResults and NextToken, and filters", async () => {
    const first = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", MaxResults: 2 }));
    expect(first.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    const rest = await h.kinesis.send(new ListShardsCommand({ NextToken: first.NextToken }));
    expect(rest.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
    expect(rest.NextToken).toBeUndefined();
    const after = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ShardFilter: { Type: "AFTER_SHARD_ID", ShardId: "shardId-000000000000" } }));
    expect(after.Shards).toHaveLength(2);
    const start = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", ExclusiveStartShardId: "shardId-000000000001" }));
    expect(start.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
  });

  it("refuses NextToken with StreamName, an expired token and a forged one", async () => {
    const first = await h.kinesis.send(new ListShardsCommand({ StreamName: "main", MaxResults: 1 }));
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "main", NextToken: first.NextToken })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new ListShardsCommand({ NextToken: `${first.NextToken}x` })), "InvalidArgumentException");
    h.clockOffset.ms = 301_000;
    try {
      await expectError(h.kinesis.send(new ListShardsCommand({ NextToken: first.NextToken })), "ExpiredNextTokenException");
    } finally {
      h.clockOffset.ms = 0;
    }
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "absent" })), "ResourceNotFoundException");
  });
});

describe("PutRecord, PutRecords, GetShardIterator, GetRecords", () => {
  const everyByte = new Uint8Array(256).map((_, i) => i);

  async function readShard(shardId: string, type: ShardIteratorType = "TRIM_HORIZON", extra: Record<string, unknown> = {}, stream = "main") {
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: type, ...extra }));
    return h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  }

  it("round-trips every byte value, and routes by the MD5 of the partition key", async () => {
    const shards = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription?.Shards ?? [];
    for (const key of ["alpha", "beta", "gamma", "delta", "epsilon"]) {
      const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: key, Data: everyByte }));
      const hash = BigInt(`0x${createHash("md5").update(key).digest("hex")}`);
      const expected = shards.find((s) => BigInt(s.HashKeyRange?.StartingHashKey ?? "0") <= hash && hash <= BigInt(s.HashKeyRange?.EndingHashKey ?? "0"));
      expect(put.ShardId).toBe(expected?.ShardId);
      expect(put.SequenceNumber).toMatch(/^\d{56}$/);
      const got = await readShard(put.ShardId as string, "AT_SEQUENCE_NUMBER", { StartingSequenceNumber: put.SequenceNumber });
      expect(got.Records?.[0]?.SequenceNumber).toBe(put.SequenceNumber);
      expect(Buffer.from(got.Records?.[0]?.Data ?? []).equals(Buffer.from(everyByte))).toBe(true);
      expect(got.Records?.[0]?.PartitionKey).toBe(key);
    }
  });

  it("ExplicitHashKey overrides the partition key, and must be at most 2^128 - 1", async () => {
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "340282366920938463463374607431768211455", Data: new Uint8Array([1]) }));
    expect(put.ShardId).toBe("shardId-000000000002");
    await expectError(
      h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "340282366920938463463374607431768211456", Data: new Uint8Array([1]) })),
      "InvalidArgumentException",
      /ExplicitHashKey must be in the range: \[0, 2\^128-1\]/,
    );
    await expectError(
      h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "x", ExplicitHashKey: "-1", Data: new Uint8Array([1]) })),
      "ValidationException",
      /at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it("sequence numbers strictly increase within a shard, and LATEST / AFTER_SEQUENCE_NUMBER / AT_TIMESTAMP position exactly", async () => {
    const before = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }));
    await new Promise((r) => setTimeout(r, 20));
    const t0 = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const sequence: string[] = [];
    for (let i = 0; i < 10; i++) {
      const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "p", ExplicitHashKey: "0", Data: new TextEncoder().encode(`n${i}`) }));
      sequence.push(put.SequenceNumber as string);
    }
    for (let i = 1; i < sequence.length; i++) expect(BigInt(sequence[i]!) > BigInt(sequence[i - 1]!)).toBe(true);
    const latest = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: before.ShardIterator }));
    expect(latest.Records?.map((r) => new TextDecoder().decode(r.Data))).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`));
    expect(latest.MillisBehindLatest).toBe(0);
    const after = await readShard("shardId-000000000000", "AFTER_SEQUENCE_NUMBER", { StartingSequenceNumber: sequence[4] });
    expect(after.Records?.[0]?.SequenceNumber).toBe(sequence[5]);
    const at = await readShard("shardId-000000000000", "AT_SEQUENCE_NUMBER", { StartingSequenceNumber: sequence[4] });
    expect(at.Records?.[0]?.SequenceNumber).toBe(sequence[4]);
    const byTime = await readShard("shardId-000000000000", "AT_TIMESTAMP", { Timestamp: t0 });
    expect(byTime.Records?.[0]?.SequenceNumber).toBe(sequence[0]);
    expect(byTime.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBeGreaterThanOrEqual(t0.getTime());
    // Nothing new yet: LATEST from here returns no records and a usable next iterator.
    const tip = await readShard("shardId-000000000000", "LATEST");
    expect(tip.Records).toEqual([]);
    expect(tip.NextShardIterator).toBeDefined();
  });

  it("concurrent PutRecord and PutRecords to one shard (coalesced into shared appends) each get their own records' sequence numbers", async () => {
    const stream = "main";
    const shard = "shardId-000000000001";
    const hashKey = "150000000000000000000000000000000000000"; // inside shard 1 of 3
    const before = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard, ShardIteratorType: "LATEST" }));
    const single = Array.from({ length: 60 }, (_, i) => h.kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: `c${i}`, ExplicitHashKey: hashKey, Data: new TextEncoder().encode(`single-${i}`) })));
    const batches = Array.from({ length: 6 }, (_, b) =>
      h.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `b${b}`, ExplicitHashKey: hashKey, Data: new TextEncoder().encode(`batch-${b}-${i}`) })) })),
    );
    const singles = await Promise.all(single);
    const batched = await Promise.all(batches);
    const bySequence = new Map<string, string>();
    singles.forEach((r, i) => bySequence.set(r.SequenceNumber as string, `single-${i}`));
    batched.forEach((r, b) => {
      expect(r.FailedRecordCount).toBe(0);
      const seqs = r.Records?.map((x) => BigInt(x.SequenceNumber as string)) ?? [];
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true); // a batch's records keep their order
      r.Records?.forEach((x, i) => bySequence.set(x.SequenceNumber as string, `batch-${b}-${i}`));
    });
    expect(bySequence.size).toBe(60 + 6 * 20); // no sequence number given twice
    const read: { seq: string; data: string }[] = [];
    let iterator = before.ShardIterator;
    for (let page = 0; page < 20 && read.length < bySequence.size && iterator; page++) {
      const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const r of got.Records ?? []) read.push({ seq: r.SequenceNumber as string, data: new TextDecoder().decode(r.Data) });
      iterator = got.NextShardIterator;
    }
    expect(read).toHaveLength(bySequence.size);
    for (const r of read) expect(r.data).toBe(bySequence.get(r.seq)); // each acknowledged number names that caller's record
  });

  it("PutRecords answers in request order with per-record shard ids", async () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ PartitionKey: `key-${i}`, Data: new TextEncoder().encode(`batch-${i}`) }));
    const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: records }));
    expect(res.FailedRecordCount).toBe(0);
    expect(res.Records).toHaveLength(50);
    const shards = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }))).StreamDescription?.Shards ?? [];
    res.Records?.forEach((r, i) => {
      const hash = BigInt(`0x${createHash("md5").update(`key-${i}`).digest("hex")}`);
      const expected = shards.find((s) => BigInt(s.HashKeyRange?.StartingHashKey ?? "0") <= hash && hash <= BigInt(s.HashKeyRange?.EndingHashKey ?? "0"));
      expect(r.ShardId).toBe(expected?.ShardId);
    });
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [] })), "ValidationException", /at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    await expectError(
      h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: Array.from({ length: 501 }, () => ({ PartitionKey: "k", Data: new Uint8Array(1) })) })),
      "ValidationException",
      /Member must have length less than or equal to 500/,
    );
    await expectError(
      h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: [{ PartitionKey: "", Data: new Uint8Array(1) }] })),
      "ValidationException",
      /at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
    await expectError(h.kinesis.send(new PutRecordsCommand({ StreamName: "nope", Records: [{ PartitionKey: "k", Data: new Uint8Array(1) }] })), "ResourceNotFoundException");
  });

  it("takes a 1 MiB record, refuses a larger one, and takes 10 MiB after UpdateMaxRecordSize", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "big", ShardCount: 1 }));
    await waitActive(h, "big");
    const oneMiB = new Uint8Array(1024 * 1024 - 1).map((_, i) => (i * 31) % 256);
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "big", PartitionKey: "k", Data: oneMiB }));
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "big", PartitionKey: "k", Data: new Uint8Array(1024 * 1024 + 1) })), "InvalidArgumentException", /maximum record size of 1024 KiB/);
    await h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/big", MaxRecordSizeInKiB: 10240 }));
    const summary = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "big" }));
    expect(summary.StreamDescriptionSummary?.MaxRecordSizeInKiB).toBe(10240);
    const tenMiB = new Uint8Array(10 * 1024 * 1024 - 1).map((_, i) => (i * 7) % 256);
    await h.kinesis.send(new PutRecordCommand({ StreamName: "big", PartitionKey: "k", Data: tenMiB }));
    const got = await readShard(put.ShardId as string, "TRIM_HORIZON", {}, "big");
    // A GetRecords response stops at 10 MiB: the first call returns the 1 MiB record, then the 10 MiB one.
    const records = [...(got.Records ?? [])];
    if (records.length < 2) records.push(...((await h.kinesis.send(new GetRecordsCommand({ ShardIterator: got.NextShardIterator }))).Records ?? []));
    expect(Buffer.from(records[0]?.Data ?? []).equals(Buffer.from(oneMiB))).toBe(true);
    expect(Buffer.from(records[1]?.Data ?? []).equals(Buffer.from(tenMiB))).toBe(true);
    await expectError(
      h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/big", MaxRecordSizeInKiB: 20000 })),
      "ValidationException",
      /at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240/,
    );
  }, 60_000);

  it("GetShardIterator and GetRecords refuse bad positions, forged iterators and expired ones", async () => {
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000009", ShardIteratorType: "TRIM_HORIZON" })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER" })), "InvalidArgumentException");
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: "123" })),
      "InvalidArgumentException",
    );
    await expectError(
      h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "BOGUS" as ShardIteratorType })),
      "ValidationException",
      /Member must satisfy enum value set: \[AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP\]/,
    );
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const token = it.ShardIterator as string;
    const tampered = token.slice(0, 10) + (token[10] === "A" ? "B" : "A") + token.slice(11);
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: tampered })), "InvalidArgumentException", "Invalid ShardIterator.");
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: "not-an-iterator" })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: token, Limit: 10_001 })), "ValidationException", /Member must have value less than or equal to 10000/);
    h.clockOffset.ms = 300_001;
    try {
      await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: token })), "ExpiredIteratorException");
    } finally {
      h.clockOffset.ms = 0;
    }
    const limited = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: token, Limit: 2 }));
    expect(limited.Records?.length).toBeLessThanOrEqual(2);
  });
});

describe("retention, tags, limits", () => {
  it("increases and decreases retention within 24–8760 hours, in the right direction only", async () => {
    await h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 48 }));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.RetentionPeriodHours).toBe(48);
    await expectError(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 24 })), "InvalidArgumentException", /can not be shorter than existing retention period/);
    await expectError(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 8761 })), "InvalidArgumentException");
    await h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 24 }));
    await expectError(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 23 })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "nope", RetentionPeriodHours: 24 })), "ResourceNotFoundException");
  });

  it("adds, lists and removes tags by stream and by ARN", async () => {
    await h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: { b: "2", a: "1", c: "" } }));
    const listed = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main", Limit: 2 }));
    expect(listed.Tags).toEqual([
      { Key: "a", Value: "1" },
      { Key: "b", Value: "2" },
    ]);
    expect(listed.HasMoreTags).toBe(true);
    const more = await h.kinesis.send(new ListTagsForStreamCommand({ StreamName: "main", ExclusiveStartTagKey: "b" }));
    expect(more.Tags).toEqual([{ Key: "c", Value: "" }]);
    await h.kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: "main", TagKeys: ["c"] }));
    const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";
    await h.kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { d: "4" } }));
    expect((await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags?.map((t) => t.Key)).toEqual(["a", "b", "d"]);
    await h.kinesis.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["a", "b", "d"] }));
    expect((await h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([]);
    await expectError(h.kinesis.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/nope" })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: {} })), "ValidationException", /at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    await expectError(h.kinesis.send(new AddTagsToStreamCommand({ StreamName: "main", Tags: many })), "LimitExceededException");
  });

  it("describes limits", async () => {
    const l = await h.kinesis.send(new DescribeLimitsCommand({}));
    expect(l.ShardLimit).toBeGreaterThan(0);
    expect(l.OpenShardCount).toBeGreaterThanOrEqual(3);
    expect(l.OnDemandStreamCount).toBe(0);
    expect(l.OnDemandStreamCountLimit).toBeGreaterThan(0);
  });
});

