// Original file: proto/catalog.proto


export interface DataKey {
  'number'?: (number);
  'masterKeyId'?: (string);
  'wrapped'?: (Buffer | Uint8Array | string);
}

export interface DataKey__Output {
  'number': (number);
  'masterKeyId': (string);
  'wrapped': (Buffer);
}
