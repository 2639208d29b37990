// Original file: proto/peer-api.proto

import type { Long } from '@grpc/proto-loader';

export interface Sealed {
  'sealIndex'?: (number | string | Long);
  'endingSequenceNumber'?: (string);
  'sealedMs'?: (number | string | Long);
}

export interface Sealed__Output {
  'sealIndex': (number);
  'endingSequenceNumber': (string);
  'sealedMs': (number);
}
