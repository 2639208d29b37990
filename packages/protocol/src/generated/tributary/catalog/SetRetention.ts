// Original file: proto/catalog.proto

import type { RetentionChange as _tributary_catalog_RetentionChange, RetentionChange__Output as _tributary_catalog_RetentionChange__Output } from '../../tributary/catalog/RetentionChange.js';

export interface SetRetention {
  'name'?: (string);
  'hours'?: (number);
  'change'?: (_tributary_catalog_RetentionChange);
}

export interface SetRetention__Output {
  'name': (string);
  'hours': (number);
  'change': (_tributary_catalog_RetentionChange__Output);
}
