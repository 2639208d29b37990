// Original file: proto/peer-api.proto


export interface HelloRequest {
  'nodeName'?: (string);
}

export interface HelloRequest__Output {
  'nodeName': (string);
}
