/** UpdateMaxRecordSize: records up to 10 MiB once raised; the model's bounds. */
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, UpdateMaxRecordSizeCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("UpdateMaxRecordSize", () => h);

describe("UpdateMaxRecordSize: functionality", () => {
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
    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "big", ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    // A GetRecords response stops at 10 MiB: the first call returns the 1 MiB record, then the 10 MiB one.
    const records = [...(got.Records ?? [])];
    if (records.length < 2) records.push(...((await h.kinesis.send(new GetRecordsCommand({ ShardIterator: got.NextShardIterator }))).Records ?? []));
    expect(Buffer.from(records[0]?.Data ?? []).equals(Buffer.from(oneMiB))).toBe(true);
    expect(Buffer.from(records[1]?.Data ?? []).equals(Buffer.from(tenMiB))).toBe(true);
  }, 60_000);

  it("refuses sizes outside the model's bounds and an unknown stream", async () => {
    await expectError(
      h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/main", MaxRecordSizeInKiB: 20000 })),
      "ValidationException",
      /at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240/,
    );
    await expectError(h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/nope", MaxRecordSizeInKiB: 2048 })), "ResourceNotFoundException");
  });
});
