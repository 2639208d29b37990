// Original file: proto/gateway-api.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AppendRequest as _tributary_api_AppendRequest, AppendRequest__Output as _tributary_api_AppendRequest__Output } from '../../tributary/api/AppendRequest.js';
import type { AppendResponse as _tributary_api_AppendResponse, AppendResponse__Output as _tributary_api_AppendResponse__Output } from '../../tributary/api/AppendResponse.js';
import type { GetCatalogRequest as _tributary_api_GetCatalogRequest, GetCatalogRequest__Output as _tributary_api_GetCatalogRequest__Output } from '../../tributary/api/GetCatalogRequest.js';
import type { GetCatalogResponse as _tributary_api_GetCatalogResponse, GetCatalogResponse__Output as _tributary_api_GetCatalogResponse__Output } from '../../tributary/api/GetCatalogResponse.js';
import type { ProposeCatalogRequest as _tributary_api_ProposeCatalogRequest, ProposeCatalogRequest__Output as _tributary_api_ProposeCatalogRequest__Output } from '../../tributary/api/ProposeCatalogRequest.js';
import type { ProposeCatalogResponse as _tributary_api_ProposeCatalogResponse, ProposeCatalogResponse__Output as _tributary_api_ProposeCatalogResponse__Output } from '../../tributary/api/ProposeCatalogResponse.js';
import type { ReadRequest as _tributary_api_ReadRequest, ReadRequest__Output as _tributary_api_ReadRequest__Output } from '../../tributary/api/ReadRequest.js';
import type { ReadResponse as _tributary_api_ReadResponse, ReadResponse__Output as _tributary_api_ReadResponse__Output } from '../../tributary/api/ReadResponse.js';
import type { RoutingTable as _tributary_api_RoutingTable, RoutingTable__Output as _tributary_api_RoutingTable__Output } from '../../tributary/api/RoutingTable.js';
import type { SeekRequest as _tributary_api_SeekRequest, SeekRequest__Output as _tributary_api_SeekRequest__Output } from '../../tributary/api/SeekRequest.js';
import type { SeekResponse as _tributary_api_SeekResponse, SeekResponse__Output as _tributary_api_SeekResponse__Output } from '../../tributary/api/SeekResponse.js';
import type { SubscribeRequest as _tributary_api_SubscribeRequest, SubscribeRequest__Output as _tributary_api_SubscribeRequest__Output } from '../../tributary/api/SubscribeRequest.js';
import type { SubscribeResponse as _tributary_api_SubscribeResponse, SubscribeResponse__Output as _tributary_api_SubscribeResponse__Output } from '../../tributary/api/SubscribeResponse.js';
import type { WatchRoutingRequest as _tributary_api_WatchRoutingRequest, WatchRoutingRequest__Output as _tributary_api_WatchRoutingRequest__Output } from '../../tributary/api/WatchRoutingRequest.js';

export interface GatewayApiClient extends grpc.Client {
  Append(argument: _tributary_api_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_api_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_api_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_api_AppendRequest, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_api_AppendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_api_AppendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_api_AppendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_api_AppendRequest, callback: grpc.requestCallback<_tributary_api_AppendResponse__Output>): grpc.ClientUnaryCall;
  
  GetCatalog(argument: _tributary_api_GetCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  GetCatalog(argument: _tributary_api_GetCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  GetCatalog(argument: _tributary_api_GetCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  GetCatalog(argument: _tributary_api_GetCatalogRequest, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  getCatalog(argument: _tributary_api_GetCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  getCatalog(argument: _tributary_api_GetCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  getCatalog(argument: _tributary_api_GetCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  getCatalog(argument: _tributary_api_GetCatalogRequest, callback: grpc.requestCallback<_tributary_api_GetCatalogResponse__Output>): grpc.ClientUnaryCall;
  
  ProposeCatalog(argument: _tributary_api_ProposeCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  ProposeCatalog(argument: _tributary_api_ProposeCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  ProposeCatalog(argument: _tributary_api_ProposeCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  ProposeCatalog(argument: _tributary_api_ProposeCatalogRequest, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  proposeCatalog(argument: _tributary_api_ProposeCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  proposeCatalog(argument: _tributary_api_ProposeCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  proposeCatalog(argument: _tributary_api_ProposeCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  proposeCatalog(argument: _tributary_api_ProposeCatalogRequest, callback: grpc.requestCallback<_tributary_api_ProposeCatalogResponse__Output>): grpc.ClientUnaryCall;
  
  Read(argument: _tributary_api_ReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _tributary_api_ReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _tributary_api_ReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  Read(argument: _tributary_api_ReadRequest, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _tributary_api_ReadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _tributary_api_ReadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _tributary_api_ReadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  read(argument: _tributary_api_ReadRequest, callback: grpc.requestCallback<_tributary_api_ReadResponse__Output>): grpc.ClientUnaryCall;
  
  Seek(argument: _tributary_api_SeekRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  Seek(argument: _tributary_api_SeekRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  Seek(argument: _tributary_api_SeekRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  Seek(argument: _tributary_api_SeekRequest, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  seek(argument: _tributary_api_SeekRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  seek(argument: _tributary_api_SeekRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  seek(argument: _tributary_api_SeekRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  seek(argument: _tributary_api_SeekRequest, callback: grpc.requestCallback<_tributary_api_SeekResponse__Output>): grpc.ClientUnaryCall;
  
  Subscribe(argument: _tributary_api_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_SubscribeResponse__Output>;
  Subscribe(argument: _tributary_api_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_SubscribeResponse__Output>;
  subscribe(argument: _tributary_api_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_SubscribeResponse__Output>;
  subscribe(argument: _tributary_api_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_SubscribeResponse__Output>;
  
  WatchRouting(argument: _tributary_api_WatchRoutingRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_RoutingTable__Output>;
  WatchRouting(argument: _tributary_api_WatchRoutingRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_RoutingTable__Output>;
  watchRouting(argument: _tributary_api_WatchRoutingRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_RoutingTable__Output>;
  watchRouting(argument: _tributary_api_WatchRoutingRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_RoutingTable__Output>;
  
}

export interface GatewayApiHandlers extends grpc.UntypedServiceImplementation {
  Append: grpc.handleUnaryCall<_tributary_api_AppendRequest__Output, _tributary_api_AppendResponse>;
  
  GetCatalog: grpc.handleUnaryCall<_tributary_api_GetCatalogRequest__Output, _tributary_api_GetCatalogResponse>;
  
  ProposeCatalog: grpc.handleUnaryCall<_tributary_api_ProposeCatalogRequest__Output, _tributary_api_ProposeCatalogResponse>;
  
  Read: grpc.handleUnaryCall<_tributary_api_ReadRequest__Output, _tributary_api_ReadResponse>;
  
  Seek: grpc.handleUnaryCall<_tributary_api_SeekRequest__Output, _tributary_api_SeekResponse>;
  
  Subscribe: grpc.handleServerStreamingCall<_tributary_api_SubscribeRequest__Output, _tributary_api_SubscribeResponse>;
  
  WatchRouting: grpc.handleServerStreamingCall<_tributary_api_WatchRoutingRequest__Output, _tributary_api_RoutingTable>;
  
}

export interface GatewayApiDefinition extends grpc.ServiceDefinition {
  Append: MethodDefinition<_tributary_api_AppendRequest, _tributary_api_AppendResponse, _tributary_api_AppendRequest__Output, _tributary_api_AppendResponse__Output>
  GetCatalog: MethodDefinition<_tributary_api_GetCatalogRequest, _tributary_api_GetCatalogResponse, _tributary_api_GetCatalogRequest__Output, _tributary_api_GetCatalogResponse__Output>
  ProposeCatalog: MethodDefinition<_tributary_api_ProposeCatalogRequest, _tributary_api_ProposeCatalogResponse, _tributary_api_ProposeCatalogRequest__Output, _tributary_api_ProposeCatalogResponse__Output>
  Read: MethodDefinition<_tributary_api_ReadRequest, _tributary_api_ReadResponse, _tributary_api_ReadRequest__Output, _tributary_api_ReadResponse__Output>
  Seek: MethodDefinition<_tributary_api_SeekRequest, _tributary_api_SeekResponse, _tributary_api_SeekRequest__Output, _tributary_api_SeekResponse__Output>
  Subscribe: MethodDefinition<_tributary_api_SubscribeRequest, _tributary_api_SubscribeResponse, _tributary_api_SubscribeRequest__Output, _tributary_api_SubscribeResponse__Output>
  WatchRouting: MethodDefinition<_tributary_api_WatchRoutingRequest, _tributary_api_RoutingTable, _tributary_api_WatchRoutingRequest__Output, _tributary_api_RoutingTable__Output>
}
