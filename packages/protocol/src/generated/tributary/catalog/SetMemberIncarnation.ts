// Original file: proto/catalog.proto


export interface SetMemberIncarnation {
  'node'?: (string);
  'incarnation'?: (number);
}

export interface SetMemberIncarnation__Output {
  'node': (string);
  'incarnation': (number);
}
