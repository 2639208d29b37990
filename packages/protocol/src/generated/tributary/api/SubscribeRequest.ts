// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeRequest {
  'groupId'?: (number | string | Long);
  'fromIndex'?: (number | string | Long);
  'fromOffset'?: (number);
  'maxBytes'?: (number | string | Long);
}

export interface SubscribeRequest__Output {
  'groupId': (number);
  'fromIndex': (number);
  'fromOffset': (number);
  'maxBytes': (number);
}
