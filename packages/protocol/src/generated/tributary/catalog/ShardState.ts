// Original file: proto/catalog.proto

export const ShardState = {
  OPEN: 'OPEN',
  PENDING: 'PENDING',
  SEALING: 'SEALING',
  CLOSED: 'CLOSED',
} as const;

export type ShardState =
  | 'OPEN'
  | 0
  | 'PENDING'
  | 1
  | 'SEALING'
  | 2
  | 'CLOSED'
  | 3

export type ShardState__Output = typeof ShardState[keyof typeof ShardState]
