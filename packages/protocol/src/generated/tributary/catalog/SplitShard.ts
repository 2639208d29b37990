// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface SplitShard {
  'name'?: (string);
  'shardId'?: (string);
  'newStartingHashKey'?: (string);
  'nowMs'?: (number | string | Long);
  'internal'?: (boolean);
}

export interface SplitShard__Output {
  'name': (string);
  'shardId': (string);
  'newStartingHashKey': (string);
  'nowMs': (number);
  'internal': (boolean);
}
