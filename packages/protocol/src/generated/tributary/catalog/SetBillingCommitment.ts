// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface SetBillingCommitment {
  'enable'?: (boolean);
  'nowMs'?: (number | string | Long);
  'minimumMs'?: (number | string | Long);
}

export interface SetBillingCommitment__Output {
  'enable': (boolean);
  'nowMs': (number);
  'minimumMs': (number);
}
