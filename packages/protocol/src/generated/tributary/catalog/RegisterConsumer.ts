// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterConsumer {
  'stream'?: (string);
  'consumer'?: (string);
  'nowMs'?: (number | string | Long);
}

export interface RegisterConsumer__Output {
  'stream': (string);
  'consumer': (string);
  'nowMs': (number);
}
