/** DescribeStreamSummary: the stream without its shards. */
import { DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DescribeStreamSummary", () => h);

describe("DescribeStreamSummary: functionality", () => {
  it("summarizes by name or ARN", async () => {
    const s = (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/main" }))).StreamDescriptionSummary;
    expect(s?.StreamName).toBe("main");
    expect(s?.StreamStatus).toBe("ACTIVE");
    expect(s?.OpenShardCount).toBe(3);
    expect(s?.ConsumerCount).toBe(0);
    expect(s?.RetentionPeriodHours).toBe(24);
    expect(s?.MaxRecordSizeInKiB).toBe(1024);
    expect(s?.StreamModeDetails?.StreamMode).toBe("PROVISIONED");
  });

  it("refuses an unknown stream", async () => {
    await expectError(h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "absent" })), "ResourceNotFoundException", "Stream absent under account 000000000000 not found.");
  });
});
