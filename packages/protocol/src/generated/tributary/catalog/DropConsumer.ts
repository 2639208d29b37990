// Original file: proto/catalog.proto


export interface DropConsumer {
  'stream'?: (string);
  'consumer'?: (string);
  'arn'?: (string);
}

export interface DropConsumer__Output {
  'stream': (string);
  'consumer': (string);
  'arn': (string);
}
