// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface SetIteratorSecret {
  'secret'?: (string);
  'rotate'?: (boolean);
  'nowMs'?: (number | string | Long);
}

export interface SetIteratorSecret__Output {
  'secret': (string);
  'rotate': (boolean);
  'nowMs': (number);
}
