// Original file: proto/gateway-api.proto

import type { AppendOk as _tributary_api_AppendOk, AppendOk__Output as _tributary_api_AppendOk__Output } from '../../tributary/api/AppendOk.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from '../../tributary/api/NotLeader.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface AppendResponse {
  'ok'?: (_tributary_api_AppendOk | null);
  'notLeader'?: (_tributary_api_NotLeader | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "ok"|"notLeader"|"failure";
}

export interface AppendResponse__Output {
  'ok'?: (_tributary_api_AppendOk__Output | null);
  'notLeader'?: (_tributary_api_NotLeader__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "ok"|"notLeader"|"failure";
}
