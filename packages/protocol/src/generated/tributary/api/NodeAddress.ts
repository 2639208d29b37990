// Original file: proto/gateway-api.proto


export interface NodeAddress {
  'node'?: (string);
  'address'?: (string);
}

export interface NodeAddress__Output {
  'node': (string);
  'address': (string);
}
