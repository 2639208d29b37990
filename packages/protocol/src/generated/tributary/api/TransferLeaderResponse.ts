// Original file: proto/peer-api.proto


export interface TransferLeaderResponse {
  'started'?: (boolean);
  'detail'?: (string);
}

export interface TransferLeaderResponse__Output {
  'started': (boolean);
  'detail': (string);
}
