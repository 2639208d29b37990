// Original file: proto/catalog.proto


export interface Tag {
  'key'?: (string);
  'value'?: (string);
}

export interface Tag__Output {
  'key': (string);
  'value': (string);
}
