/** UpdateStreamMode: PROVISIONED <-> ON_DEMAND, twice per rolling 24 hours; resharding is for provisioned streams. */
import { DescribeStreamSummaryCommand, SplitShardCommand, UpdateShardCountCommand, UpdateStreamModeCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, waitActive } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/main";
const mode = async () => (await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }))).StreamDescriptionSummary?.StreamModeDetails?.StreamMode;

specBlocks("UpdateStreamMode", () => h);

describe("UpdateStreamMode: functionality", () => {
  it("switches to ON_DEMAND and back, then refuses a third switch within 24 hours", async () => {
    await h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    await waitActive(h, "main");
    expect(await mode()).toBe("ON_DEMAND");
    // An on-demand stream scales itself: resharding by hand is refused.
    await expectError(h.kinesis.send(new UpdateShardCountCommand({ StreamName: "main", TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" })), "InvalidArgumentException", /ON_DEMAND/);
    await expectError(h.kinesis.send(new SplitShardCommand({ StreamName: "main", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "100" })), "InvalidArgumentException", /ON_DEMAND/);
    await h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
    await waitActive(h, "main");
    expect(await mode()).toBe("PROVISIONED");
    await expectError(h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "ON_DEMAND" } })), "LimitExceededException", /capacity mode changes/);
  });

  it("refuses the mode the stream is in, a missing ARN and an unknown stream", async () => {
    await expectError(h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "PROVISIONED" } })), "InvalidArgumentException", /already in PROVISIONED mode/);
    await expectError(h.kinesis.send(new UpdateStreamModeCommand({ StreamModeDetails: { StreamMode: "ON_DEMAND" } } as never)), "ValidationException");
    await expectError(h.kinesis.send(new UpdateStreamModeCommand({ StreamARN: "arn:aws:kinesis:us-east-1:000000000000:stream/absent", StreamModeDetails: { StreamMode: "ON_DEMAND" } })), "ResourceNotFoundException");
  });
});
