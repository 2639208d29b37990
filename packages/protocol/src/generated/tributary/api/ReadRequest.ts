// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadRequest {
  'groupId'?: (number | string | Long);
  'fromIndex'?: (number | string | Long);
  'fromOffset'?: (number);
  'limit'?: (number);
  'maxBytes'?: (number | string | Long);
}

export interface ReadRequest__Output {
  'groupId': (number);
  'fromIndex': (number);
  'fromOffset': (number);
  'limit': (number);
  'maxBytes': (number);
}
