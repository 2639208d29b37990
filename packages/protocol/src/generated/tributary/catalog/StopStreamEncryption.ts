// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface StopStreamEncryption {
  'name'?: (string);
  'nowMs'?: (number | string | Long);
}

export interface StopStreamEncryption__Output {
  'name': (string);
  'nowMs': (number);
}
