/** DeregisterStreamConsumer: DELETING, then gone; either way of naming it. */
import { DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, registerActiveConsumer, startWithMainStream, streamArnOf, waitFor } from "../harness.js";

let h: Harness;
let streamArn: string;
beforeAll(async () => {
  h = await startWithMainStream();
  streamArn = await streamArnOf(h, "main");
}, 120_000);
afterAll(() => h?.stop());

async function gone(arn: string): Promise<boolean> {
  return h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn })).then(
    () => false,
    (e: Error) => e.name === "ResourceNotFoundException",
  );
}

specBlocks("DeregisterStreamConsumer", () => h);

describe("DeregisterStreamConsumer: functionality", () => {
  it("deregisters by ConsumerARN and by StreamARN and ConsumerName", async () => {
    const one = await registerActiveConsumer(h, "main", "one");
    const two = await registerActiveConsumer(h, "main", "two");
    await h.kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: one }));
    await h.kinesis.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "two" }));
    await waitFor("both to be gone", async () => (await gone(one)) && (await gone(two)), 30_000, 100);
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.ConsumerCount).toBe(0);
    // The name can be registered again: a new consumer with a new ARN.
    const again = await registerActiveConsumer(h, "main", "one");
    expect(again.startsWith(`${streamArn}/consumer/one:`)).toBe(true);
  });

  it("refuses an unknown consumer", async () => {
    await expectError(h.kinesis.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "nobody" })), "ResourceNotFoundException", /Consumer nobody under stream main/);
  });
});
