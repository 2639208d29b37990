// Original file: proto/catalog.proto

export const ConsumerStatus = {
  CONSUMER_CREATING: 'CONSUMER_CREATING',
  CONSUMER_ACTIVE: 'CONSUMER_ACTIVE',
  CONSUMER_DELETING: 'CONSUMER_DELETING',
} as const;

export type ConsumerStatus =
  | 'CONSUMER_CREATING'
  | 0
  | 'CONSUMER_ACTIVE'
  | 1
  | 'CONSUMER_DELETING'
  | 2

export type ConsumerStatus__Output = typeof ConsumerStatus[keyof typeof ConsumerStatus]
