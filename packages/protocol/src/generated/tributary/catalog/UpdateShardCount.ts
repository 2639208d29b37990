// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface UpdateShardCount {
  'name'?: (string);
  'targetShardCount'?: (number);
  'nowMs'?: (number | string | Long);
  'shardLimit'?: (number);
}

export interface UpdateShardCount__Output {
  'name': (string);
  'targetShardCount': (number);
  'nowMs': (number);
  'shardLimit': (number);
}
