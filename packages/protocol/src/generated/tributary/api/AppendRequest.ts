// Original file: proto/gateway-api.proto

import type { Record as _tributary_api_Record, Record__Output as _tributary_api_Record__Output } from '../../tributary/api/Record.js';
import type { Long } from '@grpc/proto-loader';

export interface AppendRequest {
  'groupId'?: (number | string | Long);
  'records'?: (_tributary_api_Record)[];
}

export interface AppendRequest__Output {
  'groupId': (number);
  'records': (_tributary_api_Record__Output)[];
}
