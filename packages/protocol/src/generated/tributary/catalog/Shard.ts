// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface Shard {
  'shardId'?: (string);
  'shardIndex'?: (number);
  'groupId'?: (number | string | Long);
  'voters'?: (string)[];
  'parentShardId'?: (string);
  'adjacentParentShardId'?: (string);
  'startingHashKey'?: (string);
  'endingHashKey'?: (string);
  'createdMs'?: (number | string | Long);
}

export interface Shard__Output {
  'shardId': (string);
  'shardIndex': (number);
  'groupId': (number);
  'voters': (string)[];
  'parentShardId': (string);
  'adjacentParentShardId': (string);
  'startingHashKey': (string);
  'endingHashKey': (string);
  'createdMs': (number);
}
