// Original file: proto/peer-api.proto


export interface HelloResponse {
  'clusterId'?: (string);
  'initialized'?: (boolean);
  'heardFromIncarnation'?: (number);
  'catalogIncarnation'?: (number);
}

export interface HelloResponse__Output {
  'clusterId': (string);
  'initialized': (boolean);
  'heardFromIncarnation': (number);
  'catalogIncarnation': (number);
}
