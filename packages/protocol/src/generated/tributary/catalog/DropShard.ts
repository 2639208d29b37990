// Original file: proto/catalog.proto


export interface DropShard {
  'name'?: (string);
  'shardId'?: (string);
}

export interface DropShard__Output {
  'name': (string);
  'shardId': (string);
}
