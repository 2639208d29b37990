/**
 * The gateway's Prometheus metrics (prom-client), in a registry of its own:
 * Kinesis requests by operation and outcome (the AWS error type, or "ok"),
 * their latency, calls in flight, and appends abandoned because their
 * shard's leader changed while they were in flight; and enhanced
 * monitoring's shard-level metrics, per stream and shard, for the streams
 * that enabled them (EnableEnhancedMonitoring), under Kinesis's names.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** What countShard needs of a stream. */
export interface ShardMetricsStream {
  readonly name: string;
  readonly shardLevelMetrics: readonly string[];
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: "tributary_gateway_requests_total", help: "Kinesis requests answered, by operation and outcome (ok, or the AWS error type)", labelNames: ["operation", "outcome"], registers: [this.registry] });
  readonly requestSeconds = new Histogram({
    name: "tributary_gateway_request_seconds",
    help: "Time from a request's arrival to its answer (an event stream: to its head), by operation",
    labelNames: ["operation"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({ name: "tributary_gateway_requests_in_flight", help: "Kinesis requests being served (event streams included)", registers: [this.registry] });
  private readonly shardCounters = {
    IncomingBytes: this.shardCounter("incoming_bytes", "Bytes put (data and partition keys)"),
    IncomingRecords: this.shardCounter("incoming_records", "Records put"),
    OutgoingBytes: this.shardCounter("outgoing_bytes", "Bytes returned by GetRecords"),
    OutgoingRecords: this.shardCounter("outgoing_records", "Records returned by GetRecords"),
    WriteProvisionedThroughputExceeded: this.shardCounter("write_provisioned_throughput_exceeded", "Records refused as over the shard's write throughput"),
    ReadProvisionedThroughputExceeded: this.shardCounter("read_provisioned_throughput_exceeded", "GetRecords calls refused as over the shard's read throughput"),
  };
  private readonly iteratorAge = new Gauge({ name: "tributary_shard_iterator_age_milliseconds", help: "IteratorAgeMilliseconds: how far behind the shard's newest record the last GetRecords read (enhanced monitoring)", labelNames: ["stream", "shard"], registers: [this.registry] });

  /** Adds to a shard-level metric, when the stream has that metric enabled. */
  countShard(stream: ShardMetricsStream, shardId: string, metric: keyof GatewayMetrics["shardCounters"] | "IteratorAgeMilliseconds", value: number): void {
    if (!stream.shardLevelMetrics.includes(metric)) return;
    const labels = { stream: stream.name, shard: shardId };
    if (metric === "IteratorAgeMilliseconds") this.iteratorAge.set(labels, value);
    else this.shardCounters[metric].inc(labels, value);
  }

  /** Drops the series of a stream's shard-level metrics (disabled, or the stream deleted): a scrape shows only what is measured. */
  forgetShards(streamName: string, shardIds: readonly string[], metrics: readonly string[]): void {
    for (const shard of shardIds) {
      const labels = { stream: streamName, shard };
      for (const m of metrics) {
        if (m === "IteratorAgeMilliseconds") this.iteratorAge.remove(labels);
        else if (Object.hasOwn(this.shardCounters, m)) this.shardCounters[m as keyof GatewayMetrics["shardCounters"]].remove(labels);
      }
    }
  }

  private shardCounter(name: string, what: string): Counter<"stream" | "shard"> {
    return new Counter({ name: `tributary_shard_${name}_total`, help: `${what} (enhanced monitoring's shard-level metric)`, labelNames: ["stream", "shard"], registers: [this.registry] });
  }

  readonly appendsAbandoned = new Counter({ name: "tributary_gateway_appends_abandoned_total", help: "Appends in flight abandoned because routing showed their shard led by another node (answered as of unknown outcome)", registers: [this.registry] });
}
