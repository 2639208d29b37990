// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface BillingCommitment {
  'enabled'?: (boolean);
  'startedMs'?: (number | string | Long);
  'earliestEndMs'?: (number | string | Long);
  'endedMs'?: (number | string | Long);
  'disableRequested'?: (boolean);
}

export interface BillingCommitment__Output {
  'enabled': (boolean);
  'startedMs': (number);
  'earliestEndMs': (number);
  'endedMs': (number);
  'disableRequested': (boolean);
}
