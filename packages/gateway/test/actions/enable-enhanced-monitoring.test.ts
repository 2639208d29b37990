/**
 * Enable- and DisableEnhancedMonitoring: Current and Desired lists, ALL, the
 * metrics shown by DescribeStream and DescribeStreamSummary, the model's
 * constraints, and the shard-level metrics the gateway then publishes.
 */
import { DescribeStreamCommand, DescribeStreamSummaryCommand, DisableEnhancedMonitoringCommand, EnableEnhancedMonitoringCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import type { MetricsName } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";
import { specBlocks } from "../spec.js";
import { expectError, external, rawRequest, startWithMainStream } from "../harness.js";

let h: Harness;
beforeAll(async () => (h = await startWithMainStream()), 120_000);
afterAll(() => h?.stop());

const ALL7 = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];

specBlocks("EnableEnhancedMonitoring", () => h);

describe("EnableEnhancedMonitoring and DisableEnhancedMonitoring", () => {
  it("enables and disables metrics, answering with the lists before and after; ALL is the seven", async () => {
    const first = await h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["IncomingRecords", "IncomingBytes"] }));
    expect(first.StreamName).toBe("main");
    expect(first.StreamARN).toMatch(/:stream\/main$/);
    expect(first.CurrentShardLevelMetrics).toEqual([]);
    expect(first.DesiredShardLevelMetrics).toEqual(["IncomingBytes", "IncomingRecords"]);
    const described = await h.kinesis.send(new DescribeStreamCommand({ StreamName: "main" }));
    expect(described.StreamDescription?.EnhancedMonitoring).toEqual([{ ShardLevelMetrics: ["IncomingBytes", "IncomingRecords"] }]);
    const all = await h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["ALL"] }));
    expect(all.CurrentShardLevelMetrics).toEqual(["IncomingBytes", "IncomingRecords"]);
    expect(all.DesiredShardLevelMetrics).toEqual(ALL7);
    const less = await h.kinesis.send(new DisableEnhancedMonitoringCommand({ StreamARN: all.StreamARN, ShardLevelMetrics: ["OutgoingBytes", "IteratorAgeMilliseconds"] }));
    expect(less.DesiredShardLevelMetrics).toEqual(ALL7.filter((m) => m !== "OutgoingBytes" && m !== "IteratorAgeMilliseconds"));
    const summary = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "main" }));
    expect(summary.StreamDescriptionSummary?.EnhancedMonitoring).toEqual([{ ShardLevelMetrics: less.DesiredShardLevelMetrics }]);
    const none = await h.kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["ALL"] }));
    expect(none.DesiredShardLevelMetrics).toEqual([]);
  });

  it.skipIf(external)("publishes the enabled shard-level metrics for the stream's shards, and only those", async () => {
    await h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["IncomingRecords", "OutgoingRecords"] }));
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: "main", PartitionKey: "m", Data: Buffer.from("measured") }));
    const iterator = await h.kinesis.send(new GetShardIteratorCommand({ StreamName: "main", ShardId: put.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
    const text = await h.gateway.metrics.registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name}\\{stream="main",shard="${put.ShardId}"\\} (\\d+)`, "m").exec(text)?.[1]);
    expect(value("tributary_shard_incoming_records_total")).toBeGreaterThanOrEqual(1);
    expect(value("tributary_shard_outgoing_records_total")).toBe(got.Records?.length);
    expect(text).not.toMatch(/tributary_shard_incoming_bytes_total\{stream="main"/);
    // Disabled, their series go: a scrape shows only what is measured.
    await h.kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["ALL"] }));
    expect(await h.gateway.metrics.registry.metrics()).not.toMatch(/tributary_shard_\w+\{stream="main"/);
  });

  it("refuses what the model refuses, and a stream that does not exist", async () => {
    await expectError(h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: [] })), "ValidationException", /Member must have length greater than or equal to 1/);
    await expectError(h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "main", ShardLevelMetrics: ["Nope" as MetricsName] })), "ValidationException", /shardLevelMetrics.1.member' failed to satisfy constraint: Member must satisfy enum value set/);
    await expectError(h.kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: "absent", ShardLevelMetrics: ["ALL"] })), "ResourceNotFoundException", /absent/);
    const missing = await rawRequest(h.endpoint, "Kinesis_20131202.DisableEnhancedMonitoring", JSON.stringify({ StreamName: "main" }));
    expect(JSON.parse(missing.body.toString()).message).toMatch(/Value null at 'shardLevelMetrics' failed to satisfy constraint: Member must not be null/);
  });
});
