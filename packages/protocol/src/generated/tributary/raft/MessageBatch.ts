// Original file: proto/raft.proto

import type { GroupMessage as _tributary_raft_GroupMessage, GroupMessage__Output as _tributary_raft_GroupMessage__Output } from '../../tributary/raft/GroupMessage.js';
import type { HibernateNotice as _tributary_raft_HibernateNotice, HibernateNotice__Output as _tributary_raft_HibernateNotice__Output } from '../../tributary/raft/HibernateNotice.js';
import type { Long } from '@grpc/proto-loader';

export interface MessageBatch {
  'clusterId'?: (string);
  'fromNode'?: (string);
  'fromIncarnation'?: (number);
  'messages'?: (_tributary_raft_GroupMessage)[];
  'leaving'?: (boolean);
  'hibernating'?: (_tributary_raft_HibernateNotice)[];
  'wake'?: (number | string | Long)[];
  'woke'?: (boolean);
  'toNode'?: (string);
}

export interface MessageBatch__Output {
  'clusterId': (string);
  'fromNode': (string);
  'fromIncarnation': (number);
  'messages': (_tributary_raft_GroupMessage__Output)[];
  'leaving': (boolean);
  'hibernating': (_tributary_raft_HibernateNotice__Output)[];
  'wake': (number)[];
  'woke': (boolean);
  'toNode': (string);
}
