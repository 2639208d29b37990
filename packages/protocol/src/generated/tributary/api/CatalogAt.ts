// Original file: proto/gateway-api.proto

import type { Catalog as _tributary_catalog_Catalog, Catalog__Output as _tributary_catalog_Catalog__Output } from '../../tributary/catalog/Catalog.js';
import type { Long } from '@grpc/proto-loader';

export interface CatalogAt {
  'index'?: (number | string | Long);
  'catalog'?: (_tributary_catalog_Catalog | null);
  'unchanged'?: (boolean);
}

export interface CatalogAt__Output {
  'index': (number);
  'catalog': (_tributary_catalog_Catalog__Output | null);
  'unchanged': (boolean);
}
