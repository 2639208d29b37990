/**
 * The gateway's Prometheus metrics (prom-client), in a registry of its own:
 * Kinesis requests by operation and outcome (the AWS error type, or "ok"),
 * their latency, calls in flight, and appends abandoned because their
 * shard's leader changed while they were in flight.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

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
  readonly appendsAbandoned = new Counter({ name: "tributary_gateway_appends_abandoned_total", help: "Appends in flight abandoned because routing showed their shard led by another node (answered as of unknown outcome)", registers: [this.registry] });
}
