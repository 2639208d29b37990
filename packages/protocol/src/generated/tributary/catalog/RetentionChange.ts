// Original file: proto/catalog.proto

export const RetentionChange = {
  INCREASE: 'INCREASE',
  DECREASE: 'DECREASE',
} as const;

export type RetentionChange =
  | 'INCREASE'
  | 0
  | 'DECREASE'
  | 1

export type RetentionChange__Output = typeof RetentionChange[keyof typeof RetentionChange]
