// Original file: proto/failure.proto


export interface NotLeader {
  'leaderNode'?: (string);
  'leaderAddress'?: (string);
}

export interface NotLeader__Output {
  'leaderNode': (string);
  'leaderAddress': (string);
}
