// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface AppendOk {
  'sequenceNumbers'?: (string)[];
  'index'?: (number | string | Long);
  'arrivalMs'?: (number | string | Long);
  'encrypted'?: (boolean);
}

export interface AppendOk__Output {
  'sequenceNumbers': (string)[];
  'index': (number);
  'arrivalMs': (number);
  'encrypted': (boolean);
}
