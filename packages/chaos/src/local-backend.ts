/**
 * The cluster as local processes (three nodes and a gateway; network
 * namespaces as root, so partitions are real): the test kit's process
 * cluster, seen as a chaos backend.
 */
import type { NodeName } from "@tributary/testkit";
import { ProcessCluster } from "@tributary/testkit";
import type { ClusterBackend } from "./backend.js";

export class LocalBackend extends ProcessCluster implements ClusterBackend {
  readonly kind = "local";

  async terminate(node: NodeName): Promise<void> {
    await this.stopMember(node, "SIGTERM");
  }

  async shardLeader(stream: string, shardId: string): Promise<NodeName | undefined> {
    const shard = (await this.catalog(10_000)).streams.find((s) => s.name === stream)?.shards.find((s) => s.shardId === shardId);
    return shard ? this.leaderOf(shard.groupId) : undefined;
  }
}
