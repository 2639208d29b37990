// Original file: proto/gateway-api.proto


export interface Record {
  'data'?: (Buffer | Uint8Array | string);
  'partitionKey'?: (string);
}

export interface Record__Output {
  'data': (Buffer);
  'partitionKey': (string);
}
