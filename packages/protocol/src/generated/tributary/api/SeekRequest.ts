// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface SeekRequest {
  'groupId'?: (number | string | Long);
  'timestampMs'?: (number | string | Long);
}

export interface SeekRequest__Output {
  'groupId': (number);
  'timestampMs': (number);
}
