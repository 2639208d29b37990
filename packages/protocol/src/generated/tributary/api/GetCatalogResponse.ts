// Original file: proto/gateway-api.proto

import type { CatalogAt as _tributary_api_CatalogAt, CatalogAt__Output as _tributary_api_CatalogAt__Output } from '../../tributary/api/CatalogAt.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from '../../tributary/api/NotLeader.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface GetCatalogResponse {
  'catalog'?: (_tributary_api_CatalogAt | null);
  'notLeader'?: (_tributary_api_NotLeader | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "catalog"|"notLeader"|"failure";
}

export interface GetCatalogResponse__Output {
  'catalog'?: (_tributary_api_CatalogAt__Output | null);
  'notLeader'?: (_tributary_api_NotLeader__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "catalog"|"notLeader"|"failure";
}
