// Original file: proto/catalog.proto


export interface FinishScaling {
  'name'?: (string);
}

export interface FinishScaling__Output {
  'name': (string);
}
