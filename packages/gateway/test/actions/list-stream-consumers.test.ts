/** ListStreamConsumers: pages with MaxResults and NextToken, and StreamCreationTimestamp. */
import { DescribeStreamSummaryCommand, ListStreamConsumersCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, registerActiveConsumer, startWithMainStream } from "../harness.js";

let h: Harness;
let streamArn: string;
let created: Date;
beforeAll(async () => {
  h = await startWithMainStream();
  const summary = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary;
  streamArn = summary?.StreamARN as string;
  created = summary?.StreamCreationTimestamp as Date;
  for (const name of ["c", "a", "b"]) await registerActiveConsumer(h, "main", name);
}, 120_000);
afterAll(() => h?.stop());

specBlocks("ListStreamConsumers", () => h);

describe("ListStreamConsumers: functionality", () => {
  it("lists consumers in pages", async () => {
    const first = await h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, MaxResults: 2 }));
    expect(first.Consumers?.map((c) => [c.ConsumerName, c.ConsumerStatus])).toEqual([
      ["a", "ACTIVE"],
      ["b", "ACTIVE"],
    ]);
    expect(first.NextToken).toBeDefined();
    const rest = await h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, NextToken: first.NextToken }));
    expect(rest.Consumers?.map((c) => c.ConsumerName)).toEqual(["c"]);
    expect(rest.NextToken).toBeUndefined();
    const all = await h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, StreamCreationTimestamp: created }));
    expect(all.Consumers?.length).toBe(3);
  });

  it("refuses a stream of another creation time, a forged NextToken, and a bad MaxResults", async () => {
    await expectError(h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, StreamCreationTimestamp: new Date(created.getTime() - 60_000) })), "ResourceNotFoundException");
    await expectError(h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, NextToken: "forged" })), "InvalidArgumentException", "Invalid NextToken.");
    await expectError(h.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, MaxResults: 0 })), "ValidationException");
  });
});
