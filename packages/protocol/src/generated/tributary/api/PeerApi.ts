// Original file: proto/peer-api.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompactRequest as _tributary_api_CompactRequest, CompactRequest__Output as _tributary_api_CompactRequest__Output } from '../../tributary/api/CompactRequest.js';
import type { CompactResponse as _tributary_api_CompactResponse, CompactResponse__Output as _tributary_api_CompactResponse__Output } from '../../tributary/api/CompactResponse.js';
import type { DrainRequest as _tributary_api_DrainRequest, DrainRequest__Output as _tributary_api_DrainRequest__Output } from '../../tributary/api/DrainRequest.js';
import type { DrainResponse as _tributary_api_DrainResponse, DrainResponse__Output as _tributary_api_DrainResponse__Output } from '../../tributary/api/DrainResponse.js';
import type { FetchLogChunk as _tributary_api_FetchLogChunk, FetchLogChunk__Output as _tributary_api_FetchLogChunk__Output } from '../../tributary/api/FetchLogChunk.js';
import type { FetchLogRequest as _tributary_api_FetchLogRequest, FetchLogRequest__Output as _tributary_api_FetchLogRequest__Output } from '../../tributary/api/FetchLogRequest.js';
import type { HelloRequest as _tributary_api_HelloRequest, HelloRequest__Output as _tributary_api_HelloRequest__Output } from '../../tributary/api/HelloRequest.js';
import type { HelloResponse as _tributary_api_HelloResponse, HelloResponse__Output as _tributary_api_HelloResponse__Output } from '../../tributary/api/HelloResponse.js';
import type { JoinRequest as _tributary_api_JoinRequest, JoinRequest__Output as _tributary_api_JoinRequest__Output } from '../../tributary/api/JoinRequest.js';
import type { JoinResponse as _tributary_api_JoinResponse, JoinResponse__Output as _tributary_api_JoinResponse__Output } from '../../tributary/api/JoinResponse.js';
import type { NodeStatus as _tributary_api_NodeStatus, NodeStatus__Output as _tributary_api_NodeStatus__Output } from '../../tributary/api/NodeStatus.js';
import type { SealRequest as _tributary_api_SealRequest, SealRequest__Output as _tributary_api_SealRequest__Output } from '../../tributary/api/SealRequest.js';
import type { SealResponse as _tributary_api_SealResponse, SealResponse__Output as _tributary_api_SealResponse__Output } from '../../tributary/api/SealResponse.js';
import type { StatusRequest as _tributary_api_StatusRequest, StatusRequest__Output as _tributary_api_StatusRequest__Output } from '../../tributary/api/StatusRequest.js';
import type { TransferLeaderRequest as _tributary_api_TransferLeaderRequest, TransferLeaderRequest__Output as _tributary_api_TransferLeaderRequest__Output } from '../../tributary/api/TransferLeaderRequest.js';
import type { TransferLeaderResponse as _tributary_api_TransferLeaderResponse, TransferLeaderResponse__Output as _tributary_api_TransferLeaderResponse__Output } from '../../tributary/api/TransferLeaderResponse.js';

export interface PeerApiClient extends grpc.Client {
  Compact(argument: _tributary_api_CompactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _tributary_api_CompactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _tributary_api_CompactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  Compact(argument: _tributary_api_CompactRequest, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _tributary_api_CompactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _tributary_api_CompactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _tributary_api_CompactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  compact(argument: _tributary_api_CompactRequest, callback: grpc.requestCallback<_tributary_api_CompactResponse__Output>): grpc.ClientUnaryCall;
  
  Drain(argument: _tributary_api_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _tributary_api_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _tributary_api_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  Drain(argument: _tributary_api_DrainRequest, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _tributary_api_DrainRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _tributary_api_DrainRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _tributary_api_DrainRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  drain(argument: _tributary_api_DrainRequest, callback: grpc.requestCallback<_tributary_api_DrainResponse__Output>): grpc.ClientUnaryCall;
  
  FetchLog(argument: _tributary_api_FetchLogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_FetchLogChunk__Output>;
  FetchLog(argument: _tributary_api_FetchLogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_FetchLogChunk__Output>;
  fetchLog(argument: _tributary_api_FetchLogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_FetchLogChunk__Output>;
  fetchLog(argument: _tributary_api_FetchLogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_api_FetchLogChunk__Output>;
  
  Hello(argument: _tributary_api_HelloRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  Hello(argument: _tributary_api_HelloRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  Hello(argument: _tributary_api_HelloRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  Hello(argument: _tributary_api_HelloRequest, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  hello(argument: _tributary_api_HelloRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  hello(argument: _tributary_api_HelloRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  hello(argument: _tributary_api_HelloRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  hello(argument: _tributary_api_HelloRequest, callback: grpc.requestCallback<_tributary_api_HelloResponse__Output>): grpc.ClientUnaryCall;
  
  Join(argument: _tributary_api_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _tributary_api_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _tributary_api_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _tributary_api_JoinRequest, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _tributary_api_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _tributary_api_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _tributary_api_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _tributary_api_JoinRequest, callback: grpc.requestCallback<_tributary_api_JoinResponse__Output>): grpc.ClientUnaryCall;
  
  Seal(argument: _tributary_api_SealRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  Seal(argument: _tributary_api_SealRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  Seal(argument: _tributary_api_SealRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  Seal(argument: _tributary_api_SealRequest, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  seal(argument: _tributary_api_SealRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  seal(argument: _tributary_api_SealRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  seal(argument: _tributary_api_SealRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  seal(argument: _tributary_api_SealRequest, callback: grpc.requestCallback<_tributary_api_SealResponse__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _tributary_api_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _tributary_api_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _tributary_api_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _tributary_api_StatusRequest, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _tributary_api_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _tributary_api_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _tributary_api_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _tributary_api_StatusRequest, callback: grpc.requestCallback<_tributary_api_NodeStatus__Output>): grpc.ClientUnaryCall;
  
  TransferLeader(argument: _tributary_api_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _tributary_api_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _tributary_api_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  TransferLeader(argument: _tributary_api_TransferLeaderRequest, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _tributary_api_TransferLeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _tributary_api_TransferLeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _tributary_api_TransferLeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  transferLeader(argument: _tributary_api_TransferLeaderRequest, callback: grpc.requestCallback<_tributary_api_TransferLeaderResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface PeerApiHandlers extends grpc.UntypedServiceImplementation {
  Compact: grpc.handleUnaryCall<_tributary_api_CompactRequest__Output, _tributary_api_CompactResponse>;
  
  Drain: grpc.handleUnaryCall<_tributary_api_DrainRequest__Output, _tributary_api_DrainResponse>;
  
  FetchLog: grpc.handleServerStreamingCall<_tributary_api_FetchLogRequest__Output, _tributary_api_FetchLogChunk>;
  
  Hello: grpc.handleUnaryCall<_tributary_api_HelloRequest__Output, _tributary_api_HelloResponse>;
  
  Join: grpc.handleUnaryCall<_tributary_api_JoinRequest__Output, _tributary_api_JoinResponse>;
  
  Seal: grpc.handleUnaryCall<_tributary_api_SealRequest__Output, _tributary_api_SealResponse>;
  
  Status: grpc.handleUnaryCall<_tributary_api_StatusRequest__Output, _tributary_api_NodeStatus>;
  
  TransferLeader: grpc.handleUnaryCall<_tributary_api_TransferLeaderRequest__Output, _tributary_api_TransferLeaderResponse>;
  
}

export interface PeerApiDefinition extends grpc.ServiceDefinition {
  Compact: MethodDefinition<_tributary_api_CompactRequest, _tributary_api_CompactResponse, _tributary_api_CompactRequest__Output, _tributary_api_CompactResponse__Output>
  Drain: MethodDefinition<_tributary_api_DrainRequest, _tributary_api_DrainResponse, _tributary_api_DrainRequest__Output, _tributary_api_DrainResponse__Output>
  FetchLog: MethodDefinition<_tributary_api_FetchLogRequest, _tributary_api_FetchLogChunk, _tributary_api_FetchLogRequest__Output, _tributary_api_FetchLogChunk__Output>
  Hello: MethodDefinition<_tributary_api_HelloRequest, _tributary_api_HelloResponse, _tributary_api_HelloRequest__Output, _tributary_api_HelloResponse__Output>
  Join: MethodDefinition<_tributary_api_JoinRequest, _tributary_api_JoinResponse, _tributary_api_JoinRequest__Output, _tributary_api_JoinResponse__Output>
  Seal: MethodDefinition<_tributary_api_SealRequest, _tributary_api_SealResponse, _tributary_api_SealRequest__Output, _tributary_api_SealResponse__Output>
  Status: MethodDefinition<_tributary_api_StatusRequest, _tributary_api_NodeStatus, _tributary_api_StatusRequest__Output, _tributary_api_NodeStatus__Output>
  TransferLeader: MethodDefinition<_tributary_api_TransferLeaderRequest, _tributary_api_TransferLeaderResponse, _tributary_api_TransferLeaderRequest__Output, _tributary_api_TransferLeaderResponse__Output>
}
