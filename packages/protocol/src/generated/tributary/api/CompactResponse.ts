// Original file: proto/peer-api.proto


export interface CompactResponse {
  'groupsCompacted'?: (number);
}

export interface CompactResponse__Output {
  'groupsCompacted': (number);
}
