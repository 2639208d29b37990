// Original file: proto/gateway-api.proto


export interface WatchRoutingRequest {
}

export interface WatchRoutingRequest__Output {
}
