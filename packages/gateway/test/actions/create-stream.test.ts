/** CreateStream: CREATING then ACTIVE with evenly split shards; AWS's errors for duplicates, bad names and the shard limit. */
import { CreateStreamCommand, DescribeLimitsCommand, DescribeStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { pino } from "pino";
import { Gateway } from "../../src/gateway.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { credentials, expectError, external, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("CreateStream", () => h);

describe("CreateStream: functionality", () => {
  it("creates a stream that goes from CREATING to ACTIVE with evenly split shards", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "created", ShardCount: 2, Tags: { team: "a" } }));
    const first = await h.kinesis.send(new DescribeStreamCommand({ StreamName: "created" }));
    expect(["CREATING", "ACTIVE"]).toContain(first.StreamDescription?.StreamStatus);
    await waitActive(h, "created");
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "created" }))).StreamDescription;
    expect(d?.StreamARN).toBe("arn:aws:kinesis:us-east-1:000000000000:stream/created");
    expect(d?.RetentionPeriodHours).toBe(24);
    expect(d?.StreamModeDetails?.StreamMode).toBe("PROVISIONED");
    expect(d?.Shards?.map((s) => [s.ShardId, s.HashKeyRange?.StartingHashKey, s.HashKeyRange?.EndingHashKey])).toEqual([
      ["shardId-000000000000", "0", "170141183460469231731687303715884105727"],
      ["shardId-000000000001", "170141183460469231731687303715884105728", "340282366920938463463374607431768211455"],
    ]);
  });

  it("creates an on-demand stream with four shards when no count is given", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "on-demand", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    await waitActive(h, "on-demand");
    const d = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "on-demand" }))).StreamDescription;
    expect(d?.StreamModeDetails?.StreamMode).toBe("ON_DEMAND");
    expect(d?.Shards).toHaveLength(4);
  });

  it("refuses a duplicate name, bad input, a missing shard count and the shard limit", async () => {
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

  it("takes names that are properties of plain objects as ordinary names", async () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      await h.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      await waitActive(h, name);
      expect((await h.kinesis.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription?.StreamName).toBe(name);
    }
  });

  it.skipIf(external)("keeps the shard limit under concurrent creates: the meta group checks it as each applies", async () => {
    const open = (await h.kinesis.send(new DescribeLimitsCommand({}))).OpenShardCount as number;
    // Room for two more streams of three shards; eight ask at once, each seeing the room free.
    const gateway = new Gateway({ host: "127.0.0.1", port: 0, ...h.nodes, shardLimit: open + 6 }, pino({ level: "silent" }));
    const kinesis = new KinesisClient({ endpoint: `http://127.0.0.1:${await gateway.start()}`, region: "us-east-1", credentials, maxAttempts: 1 });
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => kinesis.send(new CreateStreamCommand({ StreamName: `racing-${i}`, ShardCount: 3 }))));
      const created = outcomes.filter((o) => o.status === "fulfilled").length;
      const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { name: string; message: string }] : []));
      expect(created).toBe(2);
      expect(refused.map((e) => e.name)).toEqual(Array(6).fill("LimitExceededException"));
      for (const e of refused) expect(e.message).toMatch(/^This request would exceed the shard limit for the account 000000000000 in us-east-1\. Current shard count for the account: \d+\. Limit: \d+\. Number of additional shards that would have resulted from this request: 3\.$/);
      expect((await kinesis.send(new DescribeLimitsCommand({}))).OpenShardCount).toBe(open + 6);
    } finally {
      kinesis.destroy();
      await gateway.stop();
    }
  });
});
