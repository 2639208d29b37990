/**
 * The node-to-node Raft stream (proto/raft.proto): its gRPC service and
 * client. Raft messages keep numeric enums here, equal to the Raft library's.
 */
import { raft } from "./definitions.js";

export const raftTransportDefinition = raft.tributary.raft.RaftTransport.service;
export const RaftTransportClient = raft.tributary.raft.RaftTransport;
