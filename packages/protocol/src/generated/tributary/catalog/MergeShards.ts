// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface MergeShards {
  'name'?: (string);
  'shardId'?: (string);
  'adjacentShardId'?: (string);
  'nowMs'?: (number | string | Long);
  'internal'?: (boolean);
}

export interface MergeShards__Output {
  'name': (string);
  'shardId': (string);
  'adjacentShardId': (string);
  'nowMs': (number);
  'internal': (boolean);
}
