// Original file: proto/peer-api.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchLogRequest {
  'groupId'?: (number | string | Long);
  'fromIndex'?: (number | string | Long);
  'toIndex'?: (number | string | Long);
}

export interface FetchLogRequest__Output {
  'groupId': (number);
  'fromIndex': (number);
  'toIndex': (number);
}
