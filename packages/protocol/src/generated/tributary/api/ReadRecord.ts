// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadRecord {
  'data'?: (Buffer | Uint8Array | string);
  'partitionKey'?: (string);
  'arrivalMs'?: (number | string | Long);
  'index'?: (number | string | Long);
  'offset'?: (number);
  'encrypted'?: (boolean);
}

export interface ReadRecord__Output {
  'data': (Buffer);
  'partitionKey': (string);
  'arrivalMs': (number);
  'index': (number);
  'offset': (number);
  'encrypted': (boolean);
}
