// Original file: proto/peer-api.proto


export interface DrainResponse {
  'stillLed'?: (number);
}

export interface DrainResponse__Output {
  'stillLed': (number);
}
