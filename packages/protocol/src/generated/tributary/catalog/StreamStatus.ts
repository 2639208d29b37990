// Original file: proto/catalog.proto

export const StreamStatus = {
  CREATING: 'CREATING',
  ACTIVE: 'ACTIVE',
  DELETING: 'DELETING',
  UPDATING: 'UPDATING',
} as const;

export type StreamStatus =
  | 'CREATING'
  | 0
  | 'ACTIVE'
  | 1
  | 'DELETING'
  | 2
  | 'UPDATING'
  | 3

export type StreamStatus__Output = typeof StreamStatus[keyof typeof StreamStatus]
