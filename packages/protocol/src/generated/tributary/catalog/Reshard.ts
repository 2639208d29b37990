// Original file: proto/catalog.proto


export interface Reshard {
  'parents'?: (string)[];
  'children'?: (string)[];
}

export interface Reshard__Output {
  'parents': (string)[];
  'children': (string)[];
}
