// Original file: proto/catalog.proto


export interface DeregisterConsumer {
  'stream'?: (string);
  'consumer'?: (string);
  'arn'?: (string);
}

export interface DeregisterConsumer__Output {
  'stream': (string);
  'consumer': (string);
  'arn': (string);
}
