// Original file: proto/catalog.proto


export interface ActivateConsumer {
  'stream'?: (string);
  'consumer'?: (string);
  'arn'?: (string);
}

export interface ActivateConsumer__Output {
  'stream': (string);
  'consumer': (string);
  'arn': (string);
}
