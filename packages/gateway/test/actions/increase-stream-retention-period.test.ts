/** IncreaseStreamRetentionPeriod: up only, within 24–8760 hours, with AWS's messages. */
import { DescribeStreamSummaryCommand, IncreaseStreamRetentionPeriodCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("IncreaseStreamRetentionPeriod", () => h);

describe("IncreaseStreamRetentionPeriod: functionality", () => {
  it("raises the retention period", async () => {
    await h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 48 }));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.RetentionPeriodHours).toBe(48);
  });

  it("refuses a shorter period, one past the bound, and an unknown stream", async () => {
    await expectError(
      h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 24 })),
      "InvalidArgumentException",
      "Requested retention period (24 hours) for stream main can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.",
    );
    await expectError(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 8761 })), "InvalidArgumentException", "Retention period hours 8761 must be between 24 and 8760");
    await expectError(h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "nope", RetentionPeriodHours: 48 })), "ResourceNotFoundException", "Stream nope under account 000000000000 not found.");
  });
});
