/**
 * The operator ports: a node's and the gateway's Prometheus metrics, scraped
 * over HTTP as Prometheus would, with the families operators look for, and
 * values that move under load; /health and /ready.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { OperatorPort } from "@tributary/protocol";
import { serveOperatorPort } from "@tributary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { startWithMainStream } from "./harness.js";

let h: Harness;
let nodePort: OperatorPort;
let gatewayPort: OperatorPort;

beforeAll(async () => {
  h = await startWithMainStream();
  const node = h.memory?.node("az-a");
  if (!node) throw new Error("no node az-a");
  nodePort = await serveOperatorPort("127.0.0.1:0", node.metrics.registry, () => node.ready());
  gatewayPort = await serveOperatorPort("127.0.0.1:0", h.gateway.metrics.registry, () => h.gateway.ready());
}, 120_000);

afterAll(async () => {
  await nodePort?.close();
  await gatewayPort?.close();
  await h?.stop();
});

const get = async (port: OperatorPort, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port.port}${path}`);
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
};

/** The value of a sample: `name{labels}` exactly as exposed, or the sum over every label set of `name`. */
function sample(text: string, name: string, labels?: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [key, value] = line.split(" ");
    if (labels !== undefined ? key === `${name}{${labels}}` : key === name || key?.startsWith(`${name}{`)) sum += Number(value);
  }
  return sum;
}

describe("operator ports", () => {
  it("say live and ready", async () => {
    expect((await get(nodePort, "/health")).status).toBe(200);
    expect((await get(nodePort, "/ready")).status).toBe(200);
    expect((await get(gatewayPort, "/ready")).status).toBe(200);
    expect((await get(gatewayPort, "/nothing")).status).toBe(404);
  });

  it("expose the node's and the gateway's metrics, moving under load", async () => {
    const before = { node: (await get(nodePort, "/metrics")).text, gateway: (await get(gatewayPort, "/metrics")).text };
    const scrape = await get(nodePort, "/metrics");
    expect(scrape.type).toMatch(/^text\/plain/);
    for (const family of [
      "tributary_group_is_leader",
      "tributary_group_term",
      "tributary_group_commit_index",
      "tributary_group_applied_index",
      "tributary_group_last_index",
      "tributary_node_groups",
      "tributary_node_fsyncs_total",
      "tributary_node_store_write_seconds",
      "tributary_node_raft_messages_sent_total",
      "tributary_node_raft_messages_received_total",
      "tributary_node_raft_entry_bytes_sent_total",
      "tributary_node_raft_entry_bytes_received_total",
      "tributary_node_leaderships_gained_total",
      "tributary_node_append_commit_seconds",
      "tributary_node_elections_started_total",
      "tributary_node_leadership_transfers_total",
      "tributary_node_raft_messages_dropped_total",
      "tributary_node_store_write_groups",
      "tributary_group_follower_lag_entries",
    ]) {
      expect(scrape.text, family).toContain(`# TYPE ${family} `);
    }
    expect(sample(scrape.text, "tributary_node_groups")).toBe(4); // the meta group and three shards

    for (let i = 0; i < 5; i++) {
      const res = await h.kinesis.send(new PutRecordsCommand({ StreamName: "main", Records: Array.from({ length: 20 }, (_, k) => ({ PartitionKey: `k${k}`, Data: Buffer.from("x") })) }));
      expect(res.FailedRecordCount).toBe(0);
    }
    await h.kinesis.send(new PutRecordsCommand({ StreamName: "absent", Records: [{ PartitionKey: "k", Data: Buffer.from("x") }] })).catch(() => undefined);

    const after = { node: (await get(nodePort, "/metrics")).text, gateway: (await get(gatewayPort, "/metrics")).text };
    expect(sample(after.node, "tributary_node_fsyncs_total")).toBeGreaterThan(sample(before.node, "tributary_node_fsyncs_total"));
    expect(sample(after.node, "tributary_node_raft_messages_sent_total")).toBeGreaterThan(sample(before.node, "tributary_node_raft_messages_sent_total"));
    expect(sample(after.node, "tributary_group_commit_index")).toBeGreaterThan(sample(before.node, "tributary_group_commit_index"));
    expect(sample(after.node, "tributary_node_store_write_seconds_count")).toBeGreaterThan(sample(before.node, "tributary_node_store_write_seconds_count"));
    // Replication carried the records: bytes of entries sent by the shards' leaders and received by their followers, summed over the nodes.
    const summed = async (family: string) => {
      let n = 0;
      for (const name of ["az-a", "az-b", "az-c"]) n += sample(await (h.memory?.node(name)?.metrics.registry.metrics() ?? Promise.resolve("")), family);
      return n;
    };
    expect(await summed("tributary_node_raft_entry_bytes_sent_total")).toBeGreaterThan(2 * 100 * (1 + 2));
    expect(await summed("tributary_node_raft_entry_bytes_received_total")).toBeGreaterThan(2 * 100 * (1 + 2));
    // Appends commit on whichever node leads their shard: summed over the three nodes, one per shard slice at least.
    const appendsCommitted = async () => {
      let n = 0;
      for (const name of ["az-a", "az-b", "az-c"]) n += sample(await (h.memory?.node(name)?.metrics.registry.metrics() ?? Promise.resolve("")), "tributary_node_append_commit_seconds_count");
      return n;
    };
    expect(await appendsCommitted()).toBeGreaterThanOrEqual(5);

    expect(sample(after.gateway, "tributary_gateway_requests_total", 'operation="PutRecords",outcome="ok"') - sample(before.gateway, "tributary_gateway_requests_total", 'operation="PutRecords",outcome="ok"')).toBe(5);
    expect(sample(after.gateway, "tributary_gateway_requests_total", 'operation="PutRecords",outcome="ResourceNotFoundException"')).toBeGreaterThanOrEqual(1);
    expect(sample(after.gateway, "tributary_gateway_request_seconds_count", 'operation="PutRecords"')).toBeGreaterThanOrEqual(6);
    expect(after.gateway).toContain("# TYPE tributary_gateway_requests_in_flight gauge");
    expect(after.gateway).toContain("# TYPE tributary_gateway_appends_abandoned_total counter");
  });

  it("are what the Grafana dashboard queries: every metric it names exists", async () => {
    const dashboard = readFileSync(fileURLToPath(new URL("../../../deploy/grafana/dashboards/tributary.json", import.meta.url)), "utf8");
    const named = new Set([...dashboard.matchAll(/tributary_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, "")));
    const node = h.memory?.node("az-a");
    const exposed = new Set([...(await node?.metrics.registry.getMetricsAsJSON() ?? []), ...(await h.gateway.metrics.registry.getMetricsAsJSON())].map((m) => m.name));
    expect(named.size).toBeGreaterThan(8);
    for (const name of named) expect(exposed.has(name), name).toBe(true);
  });
});
