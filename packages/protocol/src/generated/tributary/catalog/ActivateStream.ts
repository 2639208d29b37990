// Original file: proto/catalog.proto


export interface ActivateStream {
  'name'?: (string);
}

export interface ActivateStream__Output {
  'name': (string);
}
