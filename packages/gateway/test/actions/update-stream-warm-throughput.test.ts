/** UpdateStreamWarmThroughput: an ON_DEMAND stream's target, shown by DescribeStreamSummary; refused for PROVISIONED streams. */
import { CreateStreamCommand, DescribeStreamSummaryCommand, UpdateStreamWarmThroughputCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("UpdateStreamWarmThroughput", () => h);

describe("UpdateStreamWarmThroughput: functionality", () => {
  it("sets an on-demand stream's target; current is what its open shards take, up to it", async () => {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: "warm", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    await waitActive(h, "warm");
    const res = await h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "warm", WarmThroughputMiBps: 100 }));
    expect(res.StreamName).toBe("warm");
    expect(res.StreamARN).toMatch(/:stream\/warm$/);
    expect(res.WarmThroughput).toEqual({ TargetMiBps: 100, CurrentMiBps: 4 });
    const summary = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "warm" }));
    expect(summary.StreamDescriptionSummary?.WarmThroughput).toEqual({ TargetMiBps: 100, CurrentMiBps: 4 });
    const small = await h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "warm", WarmThroughputMiBps: 2 }));
    expect(small.WarmThroughput).toEqual({ TargetMiBps: 2, CurrentMiBps: 2 });
  });

  it("refuses a provisioned stream, a stream that does not exist, and a negative target", async () => {
    await expectError(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "main", WarmThroughputMiBps: 10 })), "InvalidArgumentException", /only for streams in ON_DEMAND mode; stream main/);
    await expectError(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "absent", WarmThroughputMiBps: 10 })), "ResourceNotFoundException", /absent/);
    await expectError(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "main", WarmThroughputMiBps: -1 })), "ValidationException", /Member must have value greater than or equal to 0/);
    await expectError(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: "warm", WarmThroughputMiBps: 10_241 })), "InvalidArgumentException", "WarmThroughputMiBps 10241 is over the maximum of 10240.");
  });
});
