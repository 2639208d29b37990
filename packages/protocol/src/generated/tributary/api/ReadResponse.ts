// Original file: proto/gateway-api.proto

import type { ReadOk as _tributary_api_ReadOk, ReadOk__Output as _tributary_api_ReadOk__Output } from '../../tributary/api/ReadOk.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface ReadResponse {
  'ok'?: (_tributary_api_ReadOk | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "ok"|"failure";
}

export interface ReadResponse__Output {
  'ok'?: (_tributary_api_ReadOk__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "ok"|"failure";
}
