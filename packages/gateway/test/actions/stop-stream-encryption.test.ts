/** StopStreamEncryption: new records are stored in the clear again; those sealed before still read back. */
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, StartStreamEncryptionCommand, StopStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startHarness, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startHarness()), 120_000);
afterAll(() => h?.stop());

specBlocks("StopStreamEncryption", () => h);

describe("StopStreamEncryption: functionality", () => {
  it("stores new records in the clear; records sealed before still read back", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "sse-stop", ShardCount: 1 }));
    await waitActive(h, "sse-stop");
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-stop", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    await waitActive(h, "sse-stop");
    expect((await h.kinesis.send(new PutRecordCommand({ StreamName: "sse-stop", Data: Buffer.from("sealed"), PartitionKey: "k" }))).EncryptionType).toBe("KMS");

    await h.kinesis.send(new StopStreamEncryptionCommand({ StreamName: "sse-stop", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse-stop" }))).StreamDescriptionSummary?.StreamStatus).toBe("UPDATING");
    await waitActive(h, "sse-stop");
    const summary = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse-stop" }))).StreamDescriptionSummary;
    expect(summary?.EncryptionType).toBe("NONE");
    expect(summary?.KeyId).toBeUndefined();
    expect((await h.kinesis.send(new PutRecordCommand({ StreamName: "sse-stop", Data: Buffer.from("clear"), PartitionKey: "k" }))).EncryptionType).toBe("NONE");

    const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "sse-stop", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const records = (await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator as string }))).Records ?? [];
    expect(records.map((r) => [Buffer.from(r.Data ?? []).toString(), r.EncryptionType])).toEqual([
      ["sealed", "KMS"],
      ["clear", undefined],
    ]);
  });

  it("refuses EncryptionType NONE and absent streams", async () => {
    await expectError(h.kinesis.send(new StopStreamEncryptionCommand({ StreamName: "sse-stop", EncryptionType: "NONE", KeyId: "alias/aws/kinesis" })), "InvalidArgumentException", /The only valid value is KMS/);
    await expectError(h.kinesis.send(new StopStreamEncryptionCommand({ StreamName: "sse-none", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" })), "ResourceNotFoundException", /sse-none/);
  });
});
