/**
 * @tributary/node: the node (many Raft groups over one store), how it runs
 * as a process, and a whole cluster in one process for tests.
 */
export { TributaryNode } from "./node.js";
export type { NodeEnvironment } from "./node.js";
export type { NodeConfig } from "./config.js";
export { parseNodeConfig, parsePeers, ConfigError } from "./config.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { GroupMessage, IncomingBatch, RaftTransport, RaftTransportFactory, TransportIdentity } from "./transport.js";
export { replicaId, parseReplicaId, META_GROUP } from "./ids.js";
export { NodeInvariantError } from "./assert.js";
