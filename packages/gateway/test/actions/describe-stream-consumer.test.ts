/** DescribeStreamConsumer: by ConsumerARN or by StreamARN and ConsumerName. */
import { DescribeStreamConsumerCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, registerActiveConsumer, startWithMainStream, streamArnOf } from "../harness.js";

let h: Harness;
let streamArn: string;
let arn: string;
beforeAll(async () => {
  h = await startWithMainStream();
  streamArn = await streamArnOf(h, "main");
  arn = await registerActiveConsumer(h, "main", "app");
}, 120_000);
afterAll(() => h?.stop());

specBlocks("DescribeStreamConsumer", () => h);

describe("DescribeStreamConsumer: functionality", () => {
  it("describes a consumer either way it is named", async () => {
    const byArn = (await h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription;
    const byName = (await h.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "app" }))).ConsumerDescription;
    expect(byArn).toEqual(byName);
    expect(byArn).toMatchObject({ ConsumerName: "app", ConsumerARN: arn, ConsumerStatus: "ACTIVE", StreamARN: streamArn });
    expect(byArn?.ConsumerCreationTimestamp).toBeInstanceOf(Date);
  });

  it("refuses an ARN past its length without matching it against its pattern (which backtracks cubically: a 74 KB ARN took minutes)", async () => {
    const long = `arn:aws${":kinesis::000000000000:".repeat(3_200)}`;
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: long })), "ValidationException");
  });

  it("refuses an unknown consumer, a stale ARN, and a request that names none", async () => {
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "nobody" })), "ResourceNotFoundException", "Consumer nobody under stream main under account 000000000000 not found.");
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn.replace(/:\d+$/, ":1") })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn, ConsumerName: "other" })), "InvalidArgumentException");
  });
});
