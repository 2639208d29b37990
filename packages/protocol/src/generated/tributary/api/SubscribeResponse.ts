// Original file: proto/gateway-api.proto

import type { ReadOk as _tributary_api_ReadOk, ReadOk__Output as _tributary_api_ReadOk__Output } from '../../tributary/api/ReadOk.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface SubscribeResponse {
  'batch'?: (_tributary_api_ReadOk | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "batch"|"failure";
}

export interface SubscribeResponse__Output {
  'batch'?: (_tributary_api_ReadOk__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "batch"|"failure";
}
