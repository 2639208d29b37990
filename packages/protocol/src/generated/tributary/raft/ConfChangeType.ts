// Original file: proto/raft.proto

export const ConfChangeType = {
  CONF_CHANGE_TYPE_ADD_NODE: 0,
  CONF_CHANGE_TYPE_REMOVE_NODE: 1,
} as const;

export type ConfChangeType =
  | 'CONF_CHANGE_TYPE_ADD_NODE'
  | 0
  | 'CONF_CHANGE_TYPE_REMOVE_NODE'
  | 1

export type ConfChangeType__Output = typeof ConfChangeType[keyof typeof ConfChangeType]
