/**
 * The cluster as local processes (three nodes and a gateway; network
 * namespaces as root, so partitions are real): the test kit's process
 * cluster, seen as a chaos backend.
 */
import { ProcessCluster } from "@tributary/testkit";
import type { ClusterBackend } from "./backend.js";

export class LocalBackend extends ProcessCluster implements ClusterBackend {
  readonly kind = "local";
}
