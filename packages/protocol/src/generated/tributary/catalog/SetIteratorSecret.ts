// Original file: proto/catalog.proto


export interface SetIteratorSecret {
  'secret'?: (string);
  'rotate'?: (boolean);
}

export interface SetIteratorSecret__Output {
  'secret': (string);
  'rotate': (boolean);
}
