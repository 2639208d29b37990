// Original file: proto/peer-api.proto

import type { GroupStatus as _tributary_api_GroupStatus, GroupStatus__Output as _tributary_api_GroupStatus__Output } from '../../tributary/api/GroupStatus.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'nodeName'?: (string);
  'incarnation'?: (number);
  'clusterId'?: (string);
  'groups'?: (_tributary_api_GroupStatus)[];
  'syncWrites'?: (number | string | Long);
  'plainWrites'?: (number | string | Long);
}

export interface NodeStatus__Output {
  'nodeName': (string);
  'incarnation': (number);
  'clusterId': (string);
  'groups': (_tributary_api_GroupStatus__Output)[];
  'syncWrites': (number);
  'plainWrites': (number);
}
