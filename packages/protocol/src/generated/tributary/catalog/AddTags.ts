// Original file: proto/catalog.proto

import type { Tag as _tributary_catalog_Tag, Tag__Output as _tributary_catalog_Tag__Output } from '../../tributary/catalog/Tag.js';

export interface AddTags {
  'name'?: (string);
  'tags'?: (_tributary_catalog_Tag)[];
}

export interface AddTags__Output {
  'name': (string);
  'tags': (_tributary_catalog_Tag__Output)[];
}
