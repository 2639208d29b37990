// Original file: proto/failure.proto

import type { FailureCode as _tributary_api_FailureCode, FailureCode__Output as _tributary_api_FailureCode__Output } from '../../tributary/api/FailureCode.js';
import type { Long } from '@grpc/proto-loader';

export interface Failure {
  'code'?: (_tributary_api_FailureCode);
  'detail'?: (string);
  'current'?: (number | string | Long);
  'limit'?: (number | string | Long);
  'limitLow'?: (number | string | Long);
  'rule'?: (string);
}

export interface Failure__Output {
  'code': (_tributary_api_FailureCode__Output);
  'detail': (string);
  'current': (number);
  'limit': (number);
  'limitLow': (number);
  'rule': (string);
}
