// Original file: proto/catalog.proto


export interface SetResourcePolicy {
  'name'?: (string);
  'consumer'?: (string);
  'policy'?: (string);
}

export interface SetResourcePolicy__Output {
  'name': (string);
  'consumer': (string);
  'policy': (string);
}
