/** DisableEnhancedMonitoring (with EnableEnhancedMonitoring's test for the two together): by name or ARN, metrics not enabled, a missing stream. */
import { DisableEnhancedMonitoringCommand, EnableEnhancedMonitoringCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, startWithMainStream, streamArnOf } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

specBlocks("DisableEnhancedMonitoring", () => h);

describe("DisableEnhancedMonitoring: functionality", () => {
  it("disables by ARN, leaves the others, and takes metrics that were not enabled", async () => {
    const arn = await streamArnOf(h, "main");
    await h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["IncomingBytes", "OutgoingBytes"] }));
    const res = await h.kinesis.send(new DisableEnhancedMonitoringCommand({ StreamARN: arn, ShardLevelMetrics: ["OutgoingBytes", "IteratorAgeMilliseconds"] }));
    expect(res.CurrentShardLevelMetrics).toEqual(["IncomingBytes", "OutgoingBytes"]);
    expect(res.DesiredShardLevelMetrics).toEqual(["IncomingBytes"]);
  });

  it("refuses a stream that does not exist", async () => {
    await expectError(h.kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: "absent", ShardLevelMetrics: ["ALL"] })), "ResourceNotFoundException", /absent/);
  });
});
