// Original file: proto/gateway-api.proto

import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';
import type { Long } from '@grpc/proto-loader';

export interface SeekResponse {
  'index'?: (number | string | Long);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "index"|"failure";
}

export interface SeekResponse__Output {
  'index'?: (number);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "index"|"failure";
}
