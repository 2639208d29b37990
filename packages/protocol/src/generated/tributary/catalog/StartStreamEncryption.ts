// Original file: proto/catalog.proto

import type { Long } from '@grpc/proto-loader';

export interface StartStreamEncryption {
  'name'?: (string);
  'keyId'?: (string);
  'nowMs'?: (number | string | Long);
  'masterKeyId'?: (string);
  'wrappedDataKey'?: (Buffer | Uint8Array | string);
}

export interface StartStreamEncryption__Output {
  'name': (string);
  'keyId': (string);
  'nowMs': (number);
  'masterKeyId': (string);
  'wrappedDataKey': (Buffer);
}
