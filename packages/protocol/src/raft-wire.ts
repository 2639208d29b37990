/** The wire form of Raft messages (proto/raft.proto), kept apart from the Raft library's own types of the same names. */
export { ConfChangeType } from "./generated/tributary/raft/ConfChangeType.js";
export type { ConfChangeType__Output } from "./generated/tributary/raft/ConfChangeType.js";
export type * from "./generated/tributary/raft/ConfState.js";
export type * from "./generated/tributary/raft/Entry.js";
export { EntryType } from "./generated/tributary/raft/EntryType.js";
export type { EntryType__Output } from "./generated/tributary/raft/EntryType.js";
export type * from "./generated/tributary/raft/GroupMessage.js";
export type * from "./generated/tributary/raft/HardState.js";
export type * from "./generated/tributary/raft/Message.js";
export type * from "./generated/tributary/raft/MessageBatch.js";
export { MessageType } from "./generated/tributary/raft/MessageType.js";
export type { MessageType__Output } from "./generated/tributary/raft/MessageType.js";
export type * from "./generated/tributary/raft/RaftTransport.js";
export type * from "./generated/tributary/raft/Snapshot.js";
export type * from "./generated/tributary/raft/SnapshotMetadata.js";
export type * from "./generated/tributary/raft/StreamClosed.js";
