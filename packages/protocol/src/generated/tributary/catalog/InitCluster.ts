// Original file: proto/catalog.proto

import type { Member as _tributary_catalog_Member, Member__Output as _tributary_catalog_Member__Output } from '../../tributary/catalog/Member.js';

export interface InitCluster {
  'clusterId'?: (string);
  'region'?: (string);
  'accountId'?: (string);
  'members'?: (_tributary_catalog_Member)[];
}

export interface InitCluster__Output {
  'clusterId': (string);
  'region': (string);
  'accountId': (string);
  'members': (_tributary_catalog_Member__Output)[];
}
