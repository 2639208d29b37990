// Original file: proto/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface HibernateNotice {
  'groupId'?: (number | string | Long);
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
}

export interface HibernateNotice__Output {
  'groupId': (number);
  'term': (number);
  'index': (number);
}
