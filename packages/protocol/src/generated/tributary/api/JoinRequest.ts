// Original file: proto/peer-api.proto


export interface JoinRequest {
  'nodeName'?: (string);
  'incarnation'?: (number);
}

export interface JoinRequest__Output {
  'nodeName': (string);
  'incarnation': (number);
}
