/**
 * The AWS CLI from Debian's awscli package, unmodified, against the gateway:
 * lists streams, puts a record and gets it back, splits a shard, manages a
 * consumer. scripts/test.sh installs the
 * package; where it cannot be installed the test is skipped with the reason.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { CreateStreamCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startHarness, waitActive } from "./harness.js";

const run = promisify(execFile);
const aws = "/usr/bin/aws";
const available = existsSync(aws);
if (!available) console.log(`skipping the AWS CLI test: ${aws} is not installed (Debian package awscli; scripts/test.sh installs it when run as root)`);

let h: Harness;

beforeAll(async () => {
  if (!available) return;
  h = await startHarness();
  await h.kinesis.send(new CreateStreamCommand({ StreamName: "cli", ShardCount: 1 }));
  await waitActive(h, "cli");
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

async function cli(...args: string[]): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_DEFAULT_REGION: "us-east-1", AWS_PAGER: "", AWS_EC2_METADATA_DISABLED: "true" };
  const { stdout } = await run(aws, ["--endpoint-url", h.endpoint, "--output", "json", "kinesis", ...args], { env, timeout: 60_000 });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

it.skipIf(!available)("lists streams, puts a record and gets it back", async () => {
  const listed = await cli("list-streams");
  expect(listed.StreamNames).toContain("cli");
  // The CLI v2 takes blobs as base64 by default.
  const put = await cli("put-record", "--stream-name", "cli", "--partition-key", "k", "--data", Buffer.from("hello from the cli").toString("base64"));
  expect(put.ShardId).toBe("shardId-000000000000");
  const iterator = await cli("get-shard-iterator", "--stream-name", "cli", "--shard-id", "shardId-000000000000", "--shard-iterator-type", "TRIM_HORIZON");
  const got = await cli("get-records", "--shard-iterator", iterator.ShardIterator);
  expect(got.Records[0].SequenceNumber).toBe(put.SequenceNumber);
  expect(Buffer.from(got.Records[0].Data, "base64").toString()).toBe("hello from the cli");
}, 120_000);

it.skipIf(!available)("is refused with a wrong secret, as AWS refuses it", async () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "wrong", AWS_DEFAULT_REGION: "us-east-1", AWS_PAGER: "", AWS_EC2_METADATA_DISABLED: "true" };
  const failed = await run(aws, ["--endpoint-url", h.endpoint, "kinesis", "delete-stream", "--stream-name", "cli"], { env, timeout: 60_000 }).then(
    () => undefined,
    (err: { stderr: string }) => err.stderr,
  );
  expect(failed).toMatch(/InvalidSignatureException/);
  await waitActive(h, "cli");
}, 120_000);

it.skipIf(!available)("splits a shard with split-shard and shows the children", async () => {
  await cli("split-shard", "--stream-name", "cli", "--shard-to-split", "shardId-000000000000", "--new-starting-hash-key", "170141183460469231731687303715884105728");
  await waitActive(h, "cli");
  const shards = await cli("list-shards", "--stream-name", "cli");
  expect(shards.Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
  expect(shards.Shards[0].SequenceNumberRange.EndingSequenceNumber).toMatch(/^\d{56}$/);
  expect(shards.Shards[2].HashKeyRange.StartingHashKey).toBe("170141183460469231731687303715884105728");
}, 120_000);

it.skipIf(!available)("registers, lists, describes and deregisters a consumer", async () => {
  const arn = (await cli("describe-stream-summary", "--stream-name", "cli")).StreamDescriptionSummary.StreamARN as string;
  const registered = await cli("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "cli-app");
  expect(registered.Consumer.ConsumerARN).toMatch(new RegExp(`^${arn}/consumer/cli-app:\\d+$`));
  const listed = await cli("list-stream-consumers", "--stream-arn", arn);
  expect(listed.Consumers.map((c: { ConsumerName: string }) => c.ConsumerName)).toEqual(["cli-app"]);
  const described = await cli("describe-stream-consumer", "--consumer-arn", registered.Consumer.ConsumerARN);
  expect(described.ConsumerDescription.StreamARN).toBe(arn);
  await cli("deregister-stream-consumer", "--consumer-arn", registered.Consumer.ConsumerARN);
}, 120_000);
