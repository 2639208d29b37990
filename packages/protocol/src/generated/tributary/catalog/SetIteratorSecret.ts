// Original file: proto/catalog.proto


export interface SetIteratorSecret {
  'secret'?: (string);
}

export interface SetIteratorSecret__Output {
  'secret': (string);
}
