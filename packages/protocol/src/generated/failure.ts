import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from './tributary/api/Failure.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from './tributary/api/NotLeader.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    api: {
      Failure: MessageTypeDefinition<_tributary_api_Failure, _tributary_api_Failure__Output>
      FailureCode: EnumTypeDefinition
      NotLeader: MessageTypeDefinition<_tributary_api_NotLeader, _tributary_api_NotLeader__Output>
    }
  }
}

