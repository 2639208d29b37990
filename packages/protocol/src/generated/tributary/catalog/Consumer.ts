// Original file: proto/catalog.proto

import type { ConsumerStatus as _tributary_catalog_ConsumerStatus, ConsumerStatus__Output as _tributary_catalog_ConsumerStatus__Output } from '../../tributary/catalog/ConsumerStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface Consumer {
  'name'?: (string);
  'arn'?: (string);
  'status'?: (_tributary_catalog_ConsumerStatus);
  'createdMs'?: (number | string | Long);
  'resourcePolicy'?: (string);
}

export interface Consumer__Output {
  'name': (string);
  'arn': (string);
  'status': (_tributary_catalog_ConsumerStatus__Output);
  'createdMs': (number);
  'resourcePolicy': (string);
}
