/**
 * StartStreamEncryption: records are sealed at rest with a data key wrapped
 * by a master key of the nodes' keyring, named as AWS names KMS keys; every
 * answer shows it (DescribeStream, DescribeStreamSummary, PutRecord(s),
 * GetRecords, SubscribeToShard); records from before still read back.
 */
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  StartStreamEncryptionCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import type { SubscribeToShardEventStream } from "@aws-sdk/client-kinesis";
import { Keyring } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, registerActiveConsumer, startHarness, waitActive } from "../harness.js";

/** The nodes' keyring: the default key, alias/orders, and alias/retired (disabled). */
const doc = JSON.parse(Keyring.generate().withNewKey("alias/orders").withNewKey("alias/retired").toJson()) as { keys: { id: string; aliases: string[]; enabled: boolean }[] };
for (const k of doc.keys) k.enabled = !k.aliases.includes("alias/retired");
const keyring = Keyring.parse(JSON.stringify(doc));
const ordersKey = keyring.resolve("alias/orders")?.id as string;

let h: Harness;
beforeAll(async () => (h = await startHarness({ keyring })), 120_000);
afterAll(() => h?.stop());

async function createStream(name: string, shards = 1): Promise<void> {
  await h.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitActive(h, name);
}

async function startEncryption(name: string, keyId: string): Promise<void> {
  await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: "KMS", KeyId: keyId }));
  await waitActive(h, name);
}

async function readAll(name: string) {
  const it = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
  return (await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator as string }))).Records ?? [];
}

const text = (data: Uint8Array | undefined) => Buffer.from(data ?? []).toString();

specBlocks("StartStreamEncryption", () => h);

describe("StartStreamEncryption: functionality", () => {
  it("encrypts new records: UPDATING then ACTIVE, KMS and the KeyId shown, records before and after read back", async () => {
    await createStream("sse");
    const before = await h.kinesis.send(new PutRecordCommand({ StreamName: "sse", Data: Buffer.from("clear"), PartitionKey: "k" }));
    expect(before.EncryptionType).toBe("NONE");
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse" }))).StreamDescriptionSummary?.StreamStatus).toBe("UPDATING");
    await waitActive(h, "sse");
    const summary = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse" }))).StreamDescriptionSummary;
    expect(summary?.EncryptionType).toBe("KMS");
    expect(summary?.KeyId).toBe("alias/aws/kinesis");
    const described = (await h.kinesis.send(new DescribeStreamCommand({ StreamName: "sse" }))).StreamDescription;
    expect([described?.EncryptionType, described?.KeyId]).toEqual(["KMS", "alias/aws/kinesis"]);

    const one = await h.kinesis.send(new PutRecordCommand({ StreamName: "sse", Data: Buffer.from("sealed-1"), PartitionKey: "k" }));
    expect(one.EncryptionType).toBe("KMS");
    const many = await h.kinesis.send(new PutRecordsCommand({ StreamName: "sse", Records: [{ Data: Buffer.from("sealed-2"), PartitionKey: "a" }, { Data: Buffer.from("sealed-3"), PartitionKey: "b" }] }));
    expect([many.FailedRecordCount, many.EncryptionType]).toEqual([0, "KMS"]);

    const records = await readAll("sse");
    expect(records.map((r) => [text(r.Data), r.EncryptionType])).toEqual([
      ["clear", undefined],
      ["sealed-1", "KMS"],
      ["sealed-2", "KMS"],
      ["sealed-3", "KMS"],
    ]);
    expect(records[1]?.SequenceNumber).toBe(one.SequenceNumber);
  });

  // Needs this harness's keyring (alias/orders, alias/retired).
  it.skipIf(external)("takes a key by id, alias, alias ARN and key ARN, and moves a stream to another key", async () => {
    await createStream("sse-keys");
    const arnOf = (resource: string) => `arn:aws:kms:us-east-1:000000000000:${resource}`;
    const sent: string[] = [];
    for (const keyId of [ordersKey, "alias/orders", arnOf("alias/orders"), arnOf(`key/${ordersKey}`), "alias/aws/kinesis"]) {
      await startEncryption("sse-keys", keyId);
      expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse-keys" }))).StreamDescriptionSummary?.KeyId).toBe(keyId);
      await h.kinesis.send(new PutRecordCommand({ StreamName: "sse-keys", Data: Buffer.from(`under ${keyId}`), PartitionKey: "k" }));
      sent.push(`under ${keyId}`);
    }
    // Records sealed under either master key read back.
    expect((await readAll("sse-keys")).map((r) => text(r.Data))).toEqual(sent);
  });

  it("marks records pushed to an enhanced fan-out consumer", async () => {
    await createStream("sse-fanout");
    await startEncryption("sse-fanout", "alias/aws/kinesis");
    const arn = await registerActiveConsumer(h, "sse-fanout", "reader");
    await h.kinesis.send(new PutRecordCommand({ StreamName: "sse-fanout", Data: Buffer.from("pushed"), PartitionKey: "k" }));
    const sub = await h.kinesis.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" } }));
    let seen: { data: string; type: string | undefined } | undefined;
    for await (const event of sub.EventStream as AsyncIterable<SubscribeToShardEventStream>) {
      const record = event.SubscribeToShardEvent?.Records?.[0];
      if (record) {
        seen = { data: text(record.Data), type: record.EncryptionType };
        break;
      }
    }
    expect(seen).toEqual({ data: "pushed", type: "KMS" });
  });

  // Needs this harness's keyring (alias/orders, alias/retired).
  it.skipIf(external)("refuses keys the keyring lacks or has disabled, EncryptionType NONE, absent streams and streams not ACTIVE", async () => {
    await createStream("sse-refused");
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "KMS", KeyId: "alias/absent" })), "KMSNotFoundException", /Key 'alias\/absent' does not exist/);
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "KMS", KeyId: "alias/retired" })), "KMSDisabledException", /alias\/retired/);
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "NONE", KeyId: "alias/aws/kinesis" })), "InvalidArgumentException", /The only valid value is KMS/);
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-absent", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" })), "ResourceNotFoundException", /sse-absent/);
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "KMS", KeyId: "" })), "ValidationException", /keyId.*length greater than or equal to 1/i);
    await h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "KMS", KeyId: "alias/orders" }));
    await expectError(h.kinesis.send(new StartStreamEncryptionCommand({ StreamName: "sse-refused", EncryptionType: "KMS", KeyId: "alias/orders" })), "ResourceInUseException", /not ACTIVE, instead in state UPDATING/);
    // Nothing refused changed the stream: it is encrypted with the one key accepted.
    await waitActive(h, "sse-refused");
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "sse-refused" }))).StreamDescriptionSummary?.KeyId).toBe("alias/orders");
  });
});
