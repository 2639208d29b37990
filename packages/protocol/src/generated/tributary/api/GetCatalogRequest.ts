// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface GetCatalogRequest {
  'knownIndex'?: (number | string | Long);
}

export interface GetCatalogRequest__Output {
  'knownIndex': (number);
}
