// Original file: proto/gateway-api.proto

import type { ReadRecord as _tributary_api_ReadRecord, ReadRecord__Output as _tributary_api_ReadRecord__Output } from '../../tributary/api/ReadRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface ReadOk {
  'records'?: (_tributary_api_ReadRecord)[];
  'nextIndex'?: (number | string | Long);
  'nextOffset'?: (number);
  'appliedIndex'?: (number | string | Long);
  'lastArrivalMs'?: (number | string | Long);
  'endOfShard'?: (boolean);
}

export interface ReadOk__Output {
  'records': (_tributary_api_ReadRecord__Output)[];
  'nextIndex': (number);
  'nextOffset': (number);
  'appliedIndex': (number);
  'lastArrivalMs': (number);
  'endOfShard': (boolean);
}
