// Original file: proto/peer-api.proto


export interface FetchLogChunk {
  'storedEntries'?: (Buffer | Uint8Array | string)[];
}

export interface FetchLogChunk__Output {
  'storedEntries': (Buffer)[];
}
