/**
 * PutResourcePolicy (with Get- and DeleteResourcePolicy, whose files test
 * their own edges): a stream's or consumer's policy is checked against AWS's
 * grammar, stored, shown, and its Deny statements refuse the principals,
 * actions and resources they name.
 */
import { DeleteResourcePolicyCommand, GetRecordsCommand, GetResourcePolicyCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand, PutResourcePolicyCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { credentials, expectError, registerActiveConsumer, startWithMainStream, streamArnOf } from "../harness.js";

let h: Harness;
let arn = "";
beforeAll(async () => {
  h = await startWithMainStream();
  arn = await streamArnOf(h, "main");
}, 120_000);
afterAll(() => h?.stop());

const deny = (actions: string[], principal: unknown, resource?: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "no", Effect: "Deny", Principal: principal, Action: actions, ...(resource ? { Resource: resource } : {}) }] });

specBlocks("PutResourcePolicy", () => h);

describe("PutResourcePolicy: functionality", () => {
  it("stores a stream's policy, shows it, and enforces its Deny statements for the principal they name", async () => {
    const user = `arn:aws:iam::000000000000:user/${credentials.accessKeyId}`;
    const policy = deny(["kinesis:PutRecord", "kinesis:GetRecords"], { AWS: user }, arn);
    await h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy }));
    expect((await h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy).toBe(policy);
    await expectError(h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "k", Data: Buffer.from("x") })), "AccessDeniedException", `User: ${user} is not authorized to perform: kinesis:PutRecord on resource: ${arn} with an explicit deny in a resource-based policy`);
    // Not denied: other actions, and GetRecords is denied through its iterator's stream.
    await h.kinesis.send(new ListShardsCommand({ StreamName: "main" }));
    const iterator = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }))).ShardIterator;
    await expectError(h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })), "AccessDeniedException", /kinesis:GetRecords/);
    // Wildcards: every kinesis action, any principal; a later ListShards page is denied through its token's stream.
    const nextToken = (await h.kinesis.send(new ListShardsCommand({ StreamName: "main", MaxResults: 1 }))).NextToken;
    expect(nextToken).toBeDefined();
    await h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: deny(["kinesis:List*"], "*") }));
    await expectError(h.kinesis.send(new ListShardsCommand({ StreamName: "main" })), "AccessDeniedException");
    await expectError(h.kinesis.send(new ListShardsCommand({ NextToken: nextToken })), "AccessDeniedException", /kinesis:ListShards on resource/);
    await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "k", Data: Buffer.from("x") })); // the earlier policy was replaced
    await h.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
    await h.kinesis.send(new ListShardsCommand({ StreamName: "main" }));
  });

  it("stores a consumer's policy apart from its stream's", async () => {
    const consumerArn = await registerActiveConsumer(h, "main", "guarded");
    const policy = deny(["kinesis:DescribeStreamConsumer"], { AWS: "000000000000" });
    await h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: consumerArn, Policy: policy }));
    expect((await h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: consumerArn }))).Policy).toBe(policy);
    expect((await h.kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy).toBe("{}");
    const { DescribeStreamConsumerCommand } = await import("@aws-sdk/client-kinesis");
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn })), "AccessDeniedException", /on resource: .*\/consumer\/guarded:/);
    // Named by StreamARN and ConsumerName instead: the same consumer, the same policy.
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: arn, ConsumerName: "guarded" })), "AccessDeniedException", /on resource: .*\/consumer\/guarded:/);
    await h.kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: consumerArn }));
    await h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }));
  });

  it("refuses documents outside AWS's policy grammar, and resources that do not exist", async () => {
    const bad: [string, RegExp][] = [
      ["not json", /it is not JSON/],
      ["[]", /not a JSON object/],
      [JSON.stringify({ Version: "2020-01-01", Statement: [] }), /Version must be 2012-10-17 or 2008-10-17/],
      [JSON.stringify({ Version: "2012-10-17" }), /it has no Statement/],
      [JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Maybe", Principal: "*", Action: "kinesis:PutRecord" } }), /needs Effect Allow or Deny/],
      [JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Deny", Action: "kinesis:PutRecord" } }), /exactly one of Principal and NotPrincipal/],
      [JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Deny", Principal: "*", Action: "s3:GetObject" } }), /not "\*" or kinesis:<operation>/],
      [JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Deny", Principal: "*", Action: "kinesis:*", Bogus: 1 } }), /unknown element Bogus/],
    ];
    for (const [policy, message] of bad) await expectError(h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy })), "InvalidArgumentException", message);
    await expectError(h.kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arn.replace("main", "absent"), Policy: deny(["kinesis:*"], "*") })), "ResourceNotFoundException", /absent/);
  });
});
