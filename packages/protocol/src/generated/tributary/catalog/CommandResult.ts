// Original file: proto/catalog.proto

import type { CommandOk as _tributary_catalog_CommandOk, CommandOk__Output as _tributary_catalog_CommandOk__Output } from '../../tributary/catalog/CommandOk.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from '../../tributary/api/Failure.js';

export interface CommandResult {
  'ok'?: (_tributary_catalog_CommandOk | null);
  'failure'?: (_tributary_api_Failure | null);
  'result'?: "ok"|"failure";
}

export interface CommandResult__Output {
  'ok'?: (_tributary_catalog_CommandOk__Output | null);
  'failure'?: (_tributary_api_Failure__Output | null);
  'result'?: "ok"|"failure";
}
