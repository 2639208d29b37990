// Original file: proto/catalog.proto

import type { ShardState as _tributary_catalog_ShardState, ShardState__Output as _tributary_catalog_ShardState__Output } from '../../tributary/catalog/ShardState.js';
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
  'state'?: (_tributary_catalog_ShardState);
  'sealIndex'?: (number | string | Long);
  'endingSequenceNumber'?: (string);
  'sealedMs'?: (number | string | Long);
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
  'state': (_tributary_catalog_ShardState__Output);
  'sealIndex': (number);
  'endingSequenceNumber': (string);
  'sealedMs': (number);
}
