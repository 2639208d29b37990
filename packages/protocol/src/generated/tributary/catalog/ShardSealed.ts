// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface ShardSealed {
  'name'?: (string);
  'shardId'?: (string);
  'sealIndex'?: (number | string | Long);
  'endingSequenceNumber'?: (string);
  'sealedMs'?: (number | string | Long);
}

export interface ShardSealed__Output {
  'name': (string);
  'shardId': (string);
  'sealIndex': (number);
  'endingSequenceNumber': (string);
  'sealedMs': (number);
}
