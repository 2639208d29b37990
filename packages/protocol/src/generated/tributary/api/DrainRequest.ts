// Original file: proto/peer-api.proto


export interface DrainRequest {
  'drain'?: (boolean);
  'timeoutMs'?: (number);
}

export interface DrainRequest__Output {
  'drain': (boolean);
  'timeoutMs': (number);
}
