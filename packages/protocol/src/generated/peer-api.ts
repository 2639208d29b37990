import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CompactRequest as _tributary_api_CompactRequest, CompactRequest__Output as _tributary_api_CompactRequest__Output } from './tributary/api/CompactRequest.js';
import type { CompactResponse as _tributary_api_CompactResponse, CompactResponse__Output as _tributary_api_CompactResponse__Output } from './tributary/api/CompactResponse.js';
import type { DrainRequest as _tributary_api_DrainRequest, DrainRequest__Output as _tributary_api_DrainRequest__Output } from './tributary/api/DrainRequest.js';
import type { DrainResponse as _tributary_api_DrainResponse, DrainResponse__Output as _tributary_api_DrainResponse__Output } from './tributary/api/DrainResponse.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from './tributary/api/Failure.js';
import type { FetchLogChunk as _tributary_api_FetchLogChunk, FetchLogChunk__Output as _tributary_api_FetchLogChunk__Output } from './tributary/api/FetchLogChunk.js';
import type { FetchLogRequest as _tributary_api_FetchLogRequest, FetchLogRequest__Output as _tributary_api_FetchLogRequest__Output } from './tributary/api/FetchLogRequest.js';
import type { GroupStatus as _tributary_api_GroupStatus, GroupStatus__Output as _tributary_api_GroupStatus__Output } from './tributary/api/GroupStatus.js';
import type { HelloRequest as _tributary_api_HelloRequest, HelloRequest__Output as _tributary_api_HelloRequest__Output } from './tributary/api/HelloRequest.js';
import type { HelloResponse as _tributary_api_HelloResponse, HelloResponse__Output as _tributary_api_HelloResponse__Output } from './tributary/api/HelloResponse.js';
import type { JoinOk as _tributary_api_JoinOk, JoinOk__Output as _tributary_api_JoinOk__Output } from './tributary/api/JoinOk.js';
import type { JoinRequest as _tributary_api_JoinRequest, JoinRequest__Output as _tributary_api_JoinRequest__Output } from './tributary/api/JoinRequest.js';
import type { JoinResponse as _tributary_api_JoinResponse, JoinResponse__Output as _tributary_api_JoinResponse__Output } from './tributary/api/JoinResponse.js';
import type { NodeStatus as _tributary_api_NodeStatus, NodeStatus__Output as _tributary_api_NodeStatus__Output } from './tributary/api/NodeStatus.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from './tributary/api/NotLeader.js';
import type { PeerApiClient as _tributary_api_PeerApiClient, PeerApiDefinition as _tributary_api_PeerApiDefinition } from './tributary/api/PeerApi.js';
import type { SealRequest as _tributary_api_SealRequest, SealRequest__Output as _tributary_api_SealRequest__Output } from './tributary/api/SealRequest.js';
import type { SealResponse as _tributary_api_SealResponse, SealResponse__Output as _tributary_api_SealResponse__Output } from './tributary/api/SealResponse.js';
import type { Sealed as _tributary_api_Sealed, Sealed__Output as _tributary_api_Sealed__Output } from './tributary/api/Sealed.js';
import type { StatusRequest as _tributary_api_StatusRequest, StatusRequest__Output as _tributary_api_StatusRequest__Output } from './tributary/api/StatusRequest.js';
import type { TransferLeaderRequest as _tributary_api_TransferLeaderRequest, TransferLeaderRequest__Output as _tributary_api_TransferLeaderRequest__Output } from './tributary/api/TransferLeaderRequest.js';
import type { TransferLeaderResponse as _tributary_api_TransferLeaderResponse, TransferLeaderResponse__Output as _tributary_api_TransferLeaderResponse__Output } from './tributary/api/TransferLeaderResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    api: {
      CompactRequest: MessageTypeDefinition<_tributary_api_CompactRequest, _tributary_api_CompactRequest__Output>
      CompactResponse: MessageTypeDefinition<_tributary_api_CompactResponse, _tributary_api_CompactResponse__Output>
      DrainRequest: MessageTypeDefinition<_tributary_api_DrainRequest, _tributary_api_DrainRequest__Output>
      DrainResponse: MessageTypeDefinition<_tributary_api_DrainResponse, _tributary_api_DrainResponse__Output>
      Failure: MessageTypeDefinition<_tributary_api_Failure, _tributary_api_Failure__Output>
      FailureCode: EnumTypeDefinition
      FetchLogChunk: MessageTypeDefinition<_tributary_api_FetchLogChunk, _tributary_api_FetchLogChunk__Output>
      FetchLogRequest: MessageTypeDefinition<_tributary_api_FetchLogRequest, _tributary_api_FetchLogRequest__Output>
      GroupStatus: MessageTypeDefinition<_tributary_api_GroupStatus, _tributary_api_GroupStatus__Output>
      HelloRequest: MessageTypeDefinition<_tributary_api_HelloRequest, _tributary_api_HelloRequest__Output>
      HelloResponse: MessageTypeDefinition<_tributary_api_HelloResponse, _tributary_api_HelloResponse__Output>
      JoinOk: MessageTypeDefinition<_tributary_api_JoinOk, _tributary_api_JoinOk__Output>
      JoinRequest: MessageTypeDefinition<_tributary_api_JoinRequest, _tributary_api_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_tributary_api_JoinResponse, _tributary_api_JoinResponse__Output>
      NodeStatus: MessageTypeDefinition<_tributary_api_NodeStatus, _tributary_api_NodeStatus__Output>
      NotLeader: MessageTypeDefinition<_tributary_api_NotLeader, _tributary_api_NotLeader__Output>
      PeerApi: SubtypeConstructor<typeof grpc.Client, _tributary_api_PeerApiClient> & { service: _tributary_api_PeerApiDefinition }
      SealRequest: MessageTypeDefinition<_tributary_api_SealRequest, _tributary_api_SealRequest__Output>
      SealResponse: MessageTypeDefinition<_tributary_api_SealResponse, _tributary_api_SealResponse__Output>
      Sealed: MessageTypeDefinition<_tributary_api_Sealed, _tributary_api_Sealed__Output>
      StatusRequest: MessageTypeDefinition<_tributary_api_StatusRequest, _tributary_api_StatusRequest__Output>
      TransferLeaderRequest: MessageTypeDefinition<_tributary_api_TransferLeaderRequest, _tributary_api_TransferLeaderRequest__Output>
      TransferLeaderResponse: MessageTypeDefinition<_tributary_api_TransferLeaderResponse, _tributary_api_TransferLeaderResponse__Output>
    }
  }
}

