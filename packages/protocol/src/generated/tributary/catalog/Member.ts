// Original file: proto/catalog.proto


export interface Member {
  'node'?: (string);
  'incarnation'?: (number);
}

export interface Member__Output {
  'node': (string);
  'incarnation': (number);
}
