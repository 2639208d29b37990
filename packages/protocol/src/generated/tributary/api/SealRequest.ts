// Original file: proto/peer-api.proto

import type { Long } from '@grpc/proto-loader';

export interface SealRequest {
  'groupId'?: (number | string | Long);
}

export interface SealRequest__Output {
  'groupId': (number);
}
