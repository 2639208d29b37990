// Original file: proto/raft.proto


export interface ConfState {
  'voters'?: (string)[];
}

export interface ConfState__Output {
  'voters': (string)[];
}
