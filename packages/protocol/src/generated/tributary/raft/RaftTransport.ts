// Original file: proto/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { MessageBatch as _tributary_raft_MessageBatch, MessageBatch__Output as _tributary_raft_MessageBatch__Output } from '../../tributary/raft/MessageBatch.js';
import type { StreamClosed as _tributary_raft_StreamClosed, StreamClosed__Output as _tributary_raft_StreamClosed__Output } from '../../tributary/raft/StreamClosed.js';

export interface RaftTransportClient extends grpc.Client {
  Stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  Stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  Stream(options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  Stream(callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  stream(options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  stream(callback: grpc.requestCallback<_tributary_raft_StreamClosed__Output>): grpc.ClientWritableStream<_tributary_raft_MessageBatch>;
  
}

export interface RaftTransportHandlers extends grpc.UntypedServiceImplementation {
  Stream: grpc.handleClientStreamingCall<_tributary_raft_MessageBatch__Output, _tributary_raft_StreamClosed>;
  
}

export interface RaftTransportDefinition extends grpc.ServiceDefinition {
  Stream: MethodDefinition<_tributary_raft_MessageBatch, _tributary_raft_StreamClosed, _tributary_raft_MessageBatch__Output, _tributary_raft_StreamClosed__Output>
}
