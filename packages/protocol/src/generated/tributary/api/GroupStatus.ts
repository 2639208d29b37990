// Original file: proto/peer-api.proto

import type { Long } from '@grpc/proto-loader';

export interface GroupStatus {
  'groupId'?: (number | string | Long);
  'state'?: (string);
  'leader'?: (string);
  'term'?: (number | string | Long);
  'commit'?: (number | string | Long);
  'applied'?: (number | string | Long);
  'lastIndex'?: (number | string | Long);
  'voters'?: (string)[];
  'asleep'?: (boolean);
}

export interface GroupStatus__Output {
  'groupId': (number);
  'state': (string);
  'leader': (string);
  'term': (number);
  'commit': (number);
  'applied': (number);
  'lastIndex': (number);
  'voters': (string)[];
  'asleep': (boolean);
}
