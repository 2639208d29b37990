// Original file: proto/gateway-api.proto

import type { CatalogCommand as _tributary_catalog_CatalogCommand, CatalogCommand__Output as _tributary_catalog_CatalogCommand__Output } from '../../tributary/catalog/CatalogCommand.js';

export interface ProposeCatalogRequest {
  'command'?: (_tributary_catalog_CatalogCommand | null);
}

export interface ProposeCatalogRequest__Output {
  'command': (_tributary_catalog_CatalogCommand__Output | null);
}
