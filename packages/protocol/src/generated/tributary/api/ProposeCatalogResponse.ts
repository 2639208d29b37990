// Original file: proto/gateway-api.proto

import type { CommandOk as _tributary_catalog_CommandOk, CommandOk__Output as _tributary_catalog_CommandOk__Output } from '../../tributary/catalog/CommandOk.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from '../../tributary/api/NotLeader.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface ProposeCatalogResponse {
  'ok'?: (_tributary_catalog_CommandOk | null);
  'notLeader'?: (_tributary_api_NotLeader | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "ok"|"notLeader"|"failure";
}

export interface ProposeCatalogResponse__Output {
  'ok'?: (_tributary_catalog_CommandOk__Output | null);
  'notLeader'?: (_tributary_api_NotLeader__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "ok"|"notLeader"|"failure";
}
