// Original file: proto/raft.proto

import type { Message as _tributary_raft_Message, Message__Output as _tributary_raft_Message__Output } from '../../tributary/raft/Message.js';
import type { Long } from '@grpc/proto-loader';

export interface GroupMessage {
  'groupId'?: (number | string | Long);
  'message'?: (_tributary_raft_Message | null);
}

export interface GroupMessage__Output {
  'groupId': (number);
  'message': (_tributary_raft_Message__Output | null);
}
