/**
 * The cluster as local processes (three nodes and a gateway; network
 * namespaces as root, so partitions are real): the test kit's process
 * cluster, seen as a chaos backend.
 */
import type { NodeName, ProcessClusterOptions } from "@tributary/testkit";
import { ProcessCluster } from "@tributary/testkit";
import type { ClusterBackend } from "./backend.js";

export class LocalBackend extends ProcessCluster implements ClusterBackend {
  readonly kind = "local";

  /** Chaos runs load the cluster as hard as it takes: the gateway's per-shard throughput limits are off. */
  constructor(options: ProcessClusterOptions = {}) {
    super({ ...options, gatewayArgs: ["--throughput-limits", "off", ...(options.gatewayArgs ?? [])] });
  }

  async terminate(node: NodeName): Promise<void> {
    await this.stopMember(node, "SIGTERM");
  }

  async shardLeader(stream: string, shardId: string): Promise<NodeName | undefined> {
    const shard = (await this.catalog(10_000)).streams.find((s) => s.name === stream)?.shards.find((s) => s.shardId === shardId);
    return shard ? this.leaderOf(shard.groupId) : undefined;
  }
}
