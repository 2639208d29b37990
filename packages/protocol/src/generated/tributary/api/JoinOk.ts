// Original file: proto/peer-api.proto


export interface JoinOk {
  'incarnation'?: (number);
}

export interface JoinOk__Output {
  'incarnation': (number);
}
