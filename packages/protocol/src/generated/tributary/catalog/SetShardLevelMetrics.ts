// Original file: proto/catalog.proto


export interface SetShardLevelMetrics {
  'name'?: (string);
  'metrics'?: (string)[];
  'enable'?: (boolean);
}

export interface SetShardLevelMetrics__Output {
  'name': (string);
  'metrics': (string)[];
  'enable': (boolean);
}
