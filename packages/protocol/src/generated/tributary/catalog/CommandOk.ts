// Original file: proto/catalog.proto


export interface CommandOk {
  'memberIncarnation'?: (number);
}

export interface CommandOk__Output {
  'memberIncarnation': (number);
}
