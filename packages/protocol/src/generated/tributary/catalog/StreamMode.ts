// Original file: proto/catalog.proto

export const StreamMode = {
  PROVISIONED: 'PROVISIONED',
  ON_DEMAND: 'ON_DEMAND',
} as const;

export type StreamMode =
  | 'PROVISIONED'
  | 0
  | 'ON_DEMAND'
  | 1

export type StreamMode__Output = typeof StreamMode[keyof typeof StreamMode]
