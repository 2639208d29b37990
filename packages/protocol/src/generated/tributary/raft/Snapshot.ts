// Original file: proto/raft.proto

import type { SnapshotMetadata as _tributary_raft_SnapshotMetadata, SnapshotMetadata__Output as _tributary_raft_SnapshotMetadata__Output } from '../../tributary/raft/SnapshotMetadata.js';

export interface Snapshot {
  'metadata'?: (_tributary_raft_SnapshotMetadata | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Snapshot__Output {
  'metadata': (_tributary_raft_SnapshotMetadata__Output | null);
  'data': (Buffer);
}
