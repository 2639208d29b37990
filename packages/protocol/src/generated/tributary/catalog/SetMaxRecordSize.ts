// Original file: proto/catalog.proto


export interface SetMaxRecordSize {
  'name'?: (string);
  'kib'?: (number);
}

export interface SetMaxRecordSize__Output {
  'name': (string);
  'kib': (number);
}
