// Original file: proto/peer-api.proto

import type { Sealed as _tributary_api_Sealed, Sealed__Output as _tributary_api_Sealed__Output } from '../../tributary/api/Sealed.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from '../../tributary/api/NotLeader.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface SealResponse {
  'ok'?: (_tributary_api_Sealed | null);
  'notLeader'?: (_tributary_api_NotLeader | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "ok"|"notLeader"|"failure";
}

export interface SealResponse__Output {
  'ok'?: (_tributary_api_Sealed__Output | null);
  'notLeader'?: (_tributary_api_NotLeader__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "ok"|"notLeader"|"failure";
}
