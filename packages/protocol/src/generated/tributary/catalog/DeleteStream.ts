// Original file: proto/catalog.proto


export interface DeleteStream {
  'name'?: (string);
  'enforceConsumerDeletion'?: (boolean);
}

export interface DeleteStream__Output {
  'name': (string);
  'enforceConsumerDeletion': (boolean);
}
