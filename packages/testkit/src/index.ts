/**
 * @tributary/testkit: what tests, benchmarks and chaos runs share — a
 * cluster of real processes, free ports, bounded waiting. (A cluster in one
 * process is `@tributary/node/in-memory`.)
 */
export { NODE_NAMES, netnsAvailable, ProcessCluster, stopProcess } from "./process-cluster.js";
export type { Member, NodeName, ProcessClusterOptions } from "./process-cluster.js";
export { clusterCredentials, clusterCredentialsFlag } from "./credentials.js";
export { freePort } from "./ports.js";
export { sleep, waitFor, waitForGateway } from "./wait.js";
