// Original file: proto/peer-api.proto


export interface CompactRequest {
}

export interface CompactRequest__Output {
}
