// Original file: proto/peer-api.proto

import type { Long } from '@grpc/proto-loader';

export interface TransferLeaderRequest {
  'groupId'?: (number | string | Long);
  'toNode'?: (string);
}

export interface TransferLeaderRequest__Output {
  'groupId': (number);
  'toNode': (string);
}
