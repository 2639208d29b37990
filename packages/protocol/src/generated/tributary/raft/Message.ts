// Original file: proto/raft.proto

import type { MessageType as _tributary_raft_MessageType, MessageType__Output as _tributary_raft_MessageType__Output } from '../../tributary/raft/MessageType.js';
import type { Snapshot as _tributary_raft_Snapshot, Snapshot__Output as _tributary_raft_Snapshot__Output } from '../../tributary/raft/Snapshot.js';
import type { Long } from '@grpc/proto-loader';

export interface Message {
  'type'?: (_tributary_raft_MessageType);
  'to'?: (string);
  'from'?: (string);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (Buffer | Uint8Array | string)[];
  'commit'?: (number | string | Long);
  'snapshot'?: (_tributary_raft_Snapshot | null);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'context'?: (Buffer | Uint8Array | string);
}

export interface Message__Output {
  'type': (_tributary_raft_MessageType__Output);
  'to': (string);
  'from': (string);
  'term': (number);
  'logTerm': (number);
  'index': (number);
  'entries': (Buffer)[];
  'commit': (number);
  'snapshot': (_tributary_raft_Snapshot__Output | null);
  'reject': (boolean);
  'rejectHint': (number);
  'context': (Buffer);
}
