// Original file: proto/catalog.proto


export interface DropStream {
  'name'?: (string);
}

export interface DropStream__Output {
  'name': (string);
}
