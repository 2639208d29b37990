// Raft messages on the wire (made by scripts/generate.sh).
export { ConfChangeType } from './tributary/raft/ConfChangeType.js';
export type { ConfChangeType__Output } from './tributary/raft/ConfChangeType.js';
export type * from './tributary/raft/ConfState.js';
export { EntryType } from './tributary/raft/EntryType.js';
export type { EntryType__Output } from './tributary/raft/EntryType.js';
export type * from './tributary/raft/GroupMessage.js';
export type * from './tributary/raft/HardState.js';
export type * from './tributary/raft/HibernateNotice.js';
export type * from './tributary/raft/Message.js';
export type * from './tributary/raft/MessageBatch.js';
export { MessageType } from './tributary/raft/MessageType.js';
export type { MessageType__Output } from './tributary/raft/MessageType.js';
export type * from './tributary/raft/RaftTransport.js';
export type * from './tributary/raft/Snapshot.js';
export type * from './tributary/raft/SnapshotMetadata.js';
export type * from './tributary/raft/StreamClosed.js';
