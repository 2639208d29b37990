// Original file: proto/peer-api.proto


export interface StatusRequest {
}

export interface StatusRequest__Output {
}
