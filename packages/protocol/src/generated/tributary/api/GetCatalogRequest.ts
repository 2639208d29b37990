// Original file: proto/gateway-api.proto


export interface GetCatalogRequest {
}

export interface GetCatalogRequest__Output {
}
