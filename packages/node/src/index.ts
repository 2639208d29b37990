export { TributaryNode, NodeError } from "./node.js";
export type { NodeConfig, ReadResult } from "./node.js";
export { parseNodeConfig, parsePeers, ConfigError } from "./config.js";
export { sequenceNumber, parseSequenceNumber } from "./sequence-number.js";
export type { SequenceParts } from "./sequence-number.js";
export * from "./catalog.js";
export { replicaId, parseReplicaId, META_GROUP } from "./ids.js";
export { NodeService, protoDir } from "./proto.js";
