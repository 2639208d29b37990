/** DecreaseStreamRetentionPeriod: down only, within 24–8760 hours, with AWS's messages. */
import { DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand, IncreaseStreamRetentionPeriodCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DecreaseStreamRetentionPeriod", () => h);

describe("DecreaseStreamRetentionPeriod: functionality", () => {
  it("lowers the retention period", async () => {
    await h.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 72 }));
    await h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 36 }));
    expect((await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.RetentionPeriodHours).toBe(36);
  });

  it("refuses a longer period, one below the bound, and an unknown stream", async () => {
    await expectError(
      h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 48 })),
      "InvalidArgumentException",
      "Requested retention period (48 hours) for stream main can not be longer than existing retention period (36 hours). Use IncreaseRetentionPeriod API.",
    );
    await expectError(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "main", RetentionPeriodHours: 23 })), "InvalidArgumentException");
    await expectError(h.kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "nope", RetentionPeriodHours: 24 })), "ResourceNotFoundException");
  });
});
