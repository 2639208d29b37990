// Original file: proto/catalog.proto

import type { StreamMode as _tributary_catalog_StreamMode, StreamMode__Output as _tributary_catalog_StreamMode__Output } from '../../tributary/catalog/StreamMode.js';
import type { Tag as _tributary_catalog_Tag, Tag__Output as _tributary_catalog_Tag__Output } from '../../tributary/catalog/Tag.js';
import type { Long } from '@grpc/proto-loader';

export interface CreateStream {
  'name'?: (string);
  'shardCount'?: (number);
  'mode'?: (_tributary_catalog_StreamMode);
  'tags'?: (_tributary_catalog_Tag)[];
  'maxRecordSizeKib'?: (number);
  'nowMs'?: (number | string | Long);
  'shardLimit'?: (number);
}

export interface CreateStream__Output {
  'name': (string);
  'shardCount': (number);
  'mode': (_tributary_catalog_StreamMode__Output);
  'tags': (_tributary_catalog_Tag__Output)[];
  'maxRecordSizeKib': (number);
  'nowMs': (number);
  'shardLimit': (number);
}
