// Original file: proto/catalog.proto


export interface SetWarmThroughput {
  'name'?: (string);
  'mibps'?: (number);
}

export interface SetWarmThroughput__Output {
  'name': (string);
  'mibps': (number);
}
