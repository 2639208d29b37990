import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConfState as _tributary_raft_ConfState, ConfState__Output as _tributary_raft_ConfState__Output } from './tributary/raft/ConfState.js';
import type { GroupMessage as _tributary_raft_GroupMessage, GroupMessage__Output as _tributary_raft_GroupMessage__Output } from './tributary/raft/GroupMessage.js';
import type { HardState as _tributary_raft_HardState, HardState__Output as _tributary_raft_HardState__Output } from './tributary/raft/HardState.js';
import type { HibernateNotice as _tributary_raft_HibernateNotice, HibernateNotice__Output as _tributary_raft_HibernateNotice__Output } from './tributary/raft/HibernateNotice.js';
import type { Message as _tributary_raft_Message, Message__Output as _tributary_raft_Message__Output } from './tributary/raft/Message.js';
import type { MessageBatch as _tributary_raft_MessageBatch, MessageBatch__Output as _tributary_raft_MessageBatch__Output } from './tributary/raft/MessageBatch.js';
import type { RaftTransportClient as _tributary_raft_RaftTransportClient, RaftTransportDefinition as _tributary_raft_RaftTransportDefinition } from './tributary/raft/RaftTransport.js';
import type { Snapshot as _tributary_raft_Snapshot, Snapshot__Output as _tributary_raft_Snapshot__Output } from './tributary/raft/Snapshot.js';
import type { SnapshotMetadata as _tributary_raft_SnapshotMetadata, SnapshotMetadata__Output as _tributary_raft_SnapshotMetadata__Output } from './tributary/raft/SnapshotMetadata.js';
import type { StreamClosed as _tributary_raft_StreamClosed, StreamClosed__Output as _tributary_raft_StreamClosed__Output } from './tributary/raft/StreamClosed.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    raft: {
      ConfChangeType: EnumTypeDefinition
      ConfState: MessageTypeDefinition<_tributary_raft_ConfState, _tributary_raft_ConfState__Output>
      EntryType: EnumTypeDefinition
      GroupMessage: MessageTypeDefinition<_tributary_raft_GroupMessage, _tributary_raft_GroupMessage__Output>
      HardState: MessageTypeDefinition<_tributary_raft_HardState, _tributary_raft_HardState__Output>
      HibernateNotice: MessageTypeDefinition<_tributary_raft_HibernateNotice, _tributary_raft_HibernateNotice__Output>
      Message: MessageTypeDefinition<_tributary_raft_Message, _tributary_raft_Message__Output>
      MessageBatch: MessageTypeDefinition<_tributary_raft_MessageBatch, _tributary_raft_MessageBatch__Output>
      MessageType: EnumTypeDefinition
      RaftTransport: SubtypeConstructor<typeof grpc.Client, _tributary_raft_RaftTransportClient> & { service: _tributary_raft_RaftTransportDefinition }
      Snapshot: MessageTypeDefinition<_tributary_raft_Snapshot, _tributary_raft_Snapshot__Output>
      SnapshotMetadata: MessageTypeDefinition<_tributary_raft_SnapshotMetadata, _tributary_raft_SnapshotMetadata__Output>
      StreamClosed: MessageTypeDefinition<_tributary_raft_StreamClosed, _tributary_raft_StreamClosed__Output>
    }
  }
}

