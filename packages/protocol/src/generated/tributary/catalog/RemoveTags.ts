// Original file: proto/catalog.proto


export interface RemoveTags {
  'name'?: (string);
  'keys'?: (string)[];
}

export interface RemoveTags__Output {
  'name': (string);
  'keys': (string)[];
}
