// Original file: proto/catalog.proto

import type { StreamMode as _tributary_catalog_StreamMode, StreamMode__Output as _tributary_catalog_StreamMode__Output } from '../../tributary/catalog/StreamMode.js';
import type { Long } from '@grpc/proto-loader';

export interface UpdateStreamMode {
  'name'?: (string);
  'mode'?: (_tributary_catalog_StreamMode);
  'nowMs'?: (number | string | Long);
}

export interface UpdateStreamMode__Output {
  'name': (string);
  'mode': (_tributary_catalog_StreamMode__Output);
  'nowMs': (number);
}
