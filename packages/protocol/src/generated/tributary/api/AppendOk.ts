// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendOk {
  'index'?: (number | string | Long);
  'arrivalMs'?: (number | string | Long);
  'encrypted'?: (boolean);
  'firstOffset'?: (number);
}

export interface AppendOk__Output {
  'index': (number);
  'arrivalMs': (number);
  'encrypted': (boolean);
  'firstOffset': (number);
}
