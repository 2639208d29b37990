// Original file: proto/catalog.proto

import type { Member as _tributary_catalog_Member, Member__Output as _tributary_catalog_Member__Output } from '../../tributary/catalog/Member.js';
import type { Stream as _tributary_catalog_Stream, Stream__Output as _tributary_catalog_Stream__Output } from '../../tributary/catalog/Stream.js';
import type { BillingCommitment as _tributary_catalog_BillingCommitment, BillingCommitment__Output as _tributary_catalog_BillingCommitment__Output } from '../../tributary/catalog/BillingCommitment.js';
import type { Long } from '@grpc/proto-loader';

export interface Catalog {
  'clusterId'?: (string);
  'region'?: (string);
  'accountId'?: (string);
  'members'?: (_tributary_catalog_Member)[];
  'nextGroupId'?: (number | string | Long);
  'streams'?: (_tributary_catalog_Stream)[];
  'iteratorSecret'?: (string);
  'billingCommitment'?: (_tributary_catalog_BillingCommitment | null);
  'previousIteratorSecret'?: (string);
  'iteratorSecretRotatedMs'?: (number | string | Long);
}

export interface Catalog__Output {
  'clusterId': (string);
  'region': (string);
  'accountId': (string);
  'members': (_tributary_catalog_Member__Output)[];
  'nextGroupId': (number);
  'streams': (_tributary_catalog_Stream__Output)[];
  'iteratorSecret': (string);
  'billingCommitment': (_tributary_catalog_BillingCommitment__Output | null);
  'previousIteratorSecret': (string);
  'iteratorSecretRotatedMs': (number);
}
