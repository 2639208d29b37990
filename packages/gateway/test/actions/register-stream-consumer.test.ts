/** RegisterStreamConsumer: CREATING then ACTIVE, AWS's ARN, and its limits (20 per stream, 5 creating at once). */
import { DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, ListStreamConsumersCommand, RegisterStreamConsumerCommand } from "@aws-sdk/client-kinesis";
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

specBlocks("RegisterStreamConsumer", () => h);

describe("RegisterStreamConsumer: functionality", () => {
  it("registers a consumer CREATING, with an ARN in AWS's format, that becomes ACTIVE", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "app" }));
    const c = res.Consumer;
    expect(c?.ConsumerName).toBe("app");
    expect(c?.ConsumerStatus).toBe("CREATING");
    expect(c?.ConsumerARN).toMatch(new RegExp(`^${streamArn}/consumer/app:\\d+$`));
    expect(Number(c?.ConsumerARN?.split(":").pop())).toBeGreaterThanOrEqual(before);
    expect(c?.ConsumerCreationTimestamp).toBeInstanceOf(Date);
    await waitFor("app to be ACTIVE", async () => (await h.kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: c?.ConsumerARN }))).ConsumerDescription?.ConsumerStatus === "ACTIVE", 30_000, 100);
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.ConsumerCount).toBe(1);
  });

  it("refuses a name in use, an unknown stream, tags, and more than 5 creating or 20 registered", async () => {
    await expectError(h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "app" })), "ResourceInUseException", "Consumer app under stream main already exists for account 000000000000.");
    await expectError(h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn.replace("/main", "/nope"), ConsumerName: "x" })), "ResourceNotFoundException", "Stream nope under account 000000000000 not found.");
    await expectError(h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "tagged", Tags: { k: "v" } })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "bad name" })), "ValidationException");
    // Six at once: the sixth finds five CREATING (they become ACTIVE at the meta leader's next round, 500 ms on).
    const at = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: `burst-${i}` }))));
    const refused = at.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(refused.map((e) => e.name)).toEqual(["LimitExceededException"]);
    expect(refused[0]?.message).toMatch(/more than 5 consumers in the CREATING state/);
    const allActive = async () => ((await h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn }))).Consumers ?? []).every((c) => c.ConsumerStatus === "ACTIVE");
    await waitFor("the burst to be ACTIVE", allActive, 30_000, 100);
    for (let i = 6; i < 20; i++) await registerActiveConsumer(h, "main", `more-${i}`);
    await expectError(h.kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "twenty-first" })), "LimitExceededException", /maximum of 20 registered consumers/);
  }, 60_000);
});
