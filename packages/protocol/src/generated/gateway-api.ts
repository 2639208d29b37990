import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AppendOk as _tributary_api_AppendOk, AppendOk__Output as _tributary_api_AppendOk__Output } from './tributary/api/AppendOk.js';
import type { AppendRequest as _tributary_api_AppendRequest, AppendRequest__Output as _tributary_api_AppendRequest__Output } from './tributary/api/AppendRequest.js';
import type { AppendResponse as _tributary_api_AppendResponse, AppendResponse__Output as _tributary_api_AppendResponse__Output } from './tributary/api/AppendResponse.js';
import type { CatalogAt as _tributary_api_CatalogAt, CatalogAt__Output as _tributary_api_CatalogAt__Output } from './tributary/api/CatalogAt.js';
import type { Failure as _tributary_api_Failure, Failure__Output as _tributary_api_Failure__Output } from './tributary/api/Failure.js';
import type { GatewayApiClient as _tributary_api_GatewayApiClient, GatewayApiDefinition as _tributary_api_GatewayApiDefinition } from './tributary/api/GatewayApi.js';
import type { GetCatalogRequest as _tributary_api_GetCatalogRequest, GetCatalogRequest__Output as _tributary_api_GetCatalogRequest__Output } from './tributary/api/GetCatalogRequest.js';
import type { GetCatalogResponse as _tributary_api_GetCatalogResponse, GetCatalogResponse__Output as _tributary_api_GetCatalogResponse__Output } from './tributary/api/GetCatalogResponse.js';
import type { NodeAddress as _tributary_api_NodeAddress, NodeAddress__Output as _tributary_api_NodeAddress__Output } from './tributary/api/NodeAddress.js';
import type { NotLeader as _tributary_api_NotLeader, NotLeader__Output as _tributary_api_NotLeader__Output } from './tributary/api/NotLeader.js';
import type { ProposeCatalogRequest as _tributary_api_ProposeCatalogRequest, ProposeCatalogRequest__Output as _tributary_api_ProposeCatalogRequest__Output } from './tributary/api/ProposeCatalogRequest.js';
import type { ProposeCatalogResponse as _tributary_api_ProposeCatalogResponse, ProposeCatalogResponse__Output as _tributary_api_ProposeCatalogResponse__Output } from './tributary/api/ProposeCatalogResponse.js';
import type { ReadOk as _tributary_api_ReadOk, ReadOk__Output as _tributary_api_ReadOk__Output } from './tributary/api/ReadOk.js';
import type { ReadRecord as _tributary_api_ReadRecord, ReadRecord__Output as _tributary_api_ReadRecord__Output } from './tributary/api/ReadRecord.js';
import type { ReadRequest as _tributary_api_ReadRequest, ReadRequest__Output as _tributary_api_ReadRequest__Output } from './tributary/api/ReadRequest.js';
import type { ReadResponse as _tributary_api_ReadResponse, ReadResponse__Output as _tributary_api_ReadResponse__Output } from './tributary/api/ReadResponse.js';
import type { Record as _tributary_api_Record, Record__Output as _tributary_api_Record__Output } from './tributary/api/Record.js';
import type { Route as _tributary_api_Route, Route__Output as _tributary_api_Route__Output } from './tributary/api/Route.js';
import type { RoutingTable as _tributary_api_RoutingTable, RoutingTable__Output as _tributary_api_RoutingTable__Output } from './tributary/api/RoutingTable.js';
import type { SeekRequest as _tributary_api_SeekRequest, SeekRequest__Output as _tributary_api_SeekRequest__Output } from './tributary/api/SeekRequest.js';
import type { SeekResponse as _tributary_api_SeekResponse, SeekResponse__Output as _tributary_api_SeekResponse__Output } from './tributary/api/SeekResponse.js';
import type { SubscribeRequest as _tributary_api_SubscribeRequest, SubscribeRequest__Output as _tributary_api_SubscribeRequest__Output } from './tributary/api/SubscribeRequest.js';
import type { SubscribeResponse as _tributary_api_SubscribeResponse, SubscribeResponse__Output as _tributary_api_SubscribeResponse__Output } from './tributary/api/SubscribeResponse.js';
import type { WatchRoutingRequest as _tributary_api_WatchRoutingRequest, WatchRoutingRequest__Output as _tributary_api_WatchRoutingRequest__Output } from './tributary/api/WatchRoutingRequest.js';
import type { ActivateConsumer as _tributary_catalog_ActivateConsumer, ActivateConsumer__Output as _tributary_catalog_ActivateConsumer__Output } from './tributary/catalog/ActivateConsumer.js';
import type { ActivateStream as _tributary_catalog_ActivateStream, ActivateStream__Output as _tributary_catalog_ActivateStream__Output } from './tributary/catalog/ActivateStream.js';
import type { AddTags as _tributary_catalog_AddTags, AddTags__Output as _tributary_catalog_AddTags__Output } from './tributary/catalog/AddTags.js';
import type { BillingCommitment as _tributary_catalog_BillingCommitment, BillingCommitment__Output as _tributary_catalog_BillingCommitment__Output } from './tributary/catalog/BillingCommitment.js';
import type { Catalog as _tributary_catalog_Catalog, Catalog__Output as _tributary_catalog_Catalog__Output } from './tributary/catalog/Catalog.js';
import type { CatalogCommand as _tributary_catalog_CatalogCommand, CatalogCommand__Output as _tributary_catalog_CatalogCommand__Output } from './tributary/catalog/CatalogCommand.js';
import type { CommandOk as _tributary_catalog_CommandOk, CommandOk__Output as _tributary_catalog_CommandOk__Output } from './tributary/catalog/CommandOk.js';
import type { CommandResult as _tributary_catalog_CommandResult, CommandResult__Output as _tributary_catalog_CommandResult__Output } from './tributary/catalog/CommandResult.js';
import type { Consumer as _tributary_catalog_Consumer, Consumer__Output as _tributary_catalog_Consumer__Output } from './tributary/catalog/Consumer.js';
import type { CreateStream as _tributary_catalog_CreateStream, CreateStream__Output as _tributary_catalog_CreateStream__Output } from './tributary/catalog/CreateStream.js';
import type { DataKey as _tributary_catalog_DataKey, DataKey__Output as _tributary_catalog_DataKey__Output } from './tributary/catalog/DataKey.js';
import type { DeleteStream as _tributary_catalog_DeleteStream, DeleteStream__Output as _tributary_catalog_DeleteStream__Output } from './tributary/catalog/DeleteStream.js';
import type { DeregisterConsumer as _tributary_catalog_DeregisterConsumer, DeregisterConsumer__Output as _tributary_catalog_DeregisterConsumer__Output } from './tributary/catalog/DeregisterConsumer.js';
import type { DropConsumer as _tributary_catalog_DropConsumer, DropConsumer__Output as _tributary_catalog_DropConsumer__Output } from './tributary/catalog/DropConsumer.js';
import type { DropShard as _tributary_catalog_DropShard, DropShard__Output as _tributary_catalog_DropShard__Output } from './tributary/catalog/DropShard.js';
import type { DropStream as _tributary_catalog_DropStream, DropStream__Output as _tributary_catalog_DropStream__Output } from './tributary/catalog/DropStream.js';
import type { FinishScaling as _tributary_catalog_FinishScaling, FinishScaling__Output as _tributary_catalog_FinishScaling__Output } from './tributary/catalog/FinishScaling.js';
import type { InitCluster as _tributary_catalog_InitCluster, InitCluster__Output as _tributary_catalog_InitCluster__Output } from './tributary/catalog/InitCluster.js';
import type { Member as _tributary_catalog_Member, Member__Output as _tributary_catalog_Member__Output } from './tributary/catalog/Member.js';
import type { MergeShards as _tributary_catalog_MergeShards, MergeShards__Output as _tributary_catalog_MergeShards__Output } from './tributary/catalog/MergeShards.js';
import type { RegisterConsumer as _tributary_catalog_RegisterConsumer, RegisterConsumer__Output as _tributary_catalog_RegisterConsumer__Output } from './tributary/catalog/RegisterConsumer.js';
import type { RemoveTags as _tributary_catalog_RemoveTags, RemoveTags__Output as _tributary_catalog_RemoveTags__Output } from './tributary/catalog/RemoveTags.js';
import type { Reshard as _tributary_catalog_Reshard, Reshard__Output as _tributary_catalog_Reshard__Output } from './tributary/catalog/Reshard.js';
import type { SetBillingCommitment as _tributary_catalog_SetBillingCommitment, SetBillingCommitment__Output as _tributary_catalog_SetBillingCommitment__Output } from './tributary/catalog/SetBillingCommitment.js';
import type { SetIteratorSecret as _tributary_catalog_SetIteratorSecret, SetIteratorSecret__Output as _tributary_catalog_SetIteratorSecret__Output } from './tributary/catalog/SetIteratorSecret.js';
import type { SetMaxRecordSize as _tributary_catalog_SetMaxRecordSize, SetMaxRecordSize__Output as _tributary_catalog_SetMaxRecordSize__Output } from './tributary/catalog/SetMaxRecordSize.js';
import type { SetMemberIncarnation as _tributary_catalog_SetMemberIncarnation, SetMemberIncarnation__Output as _tributary_catalog_SetMemberIncarnation__Output } from './tributary/catalog/SetMemberIncarnation.js';
import type { SetResourcePolicy as _tributary_catalog_SetResourcePolicy, SetResourcePolicy__Output as _tributary_catalog_SetResourcePolicy__Output } from './tributary/catalog/SetResourcePolicy.js';
import type { SetRetention as _tributary_catalog_SetRetention, SetRetention__Output as _tributary_catalog_SetRetention__Output } from './tributary/catalog/SetRetention.js';
import type { SetShardLevelMetrics as _tributary_catalog_SetShardLevelMetrics, SetShardLevelMetrics__Output as _tributary_catalog_SetShardLevelMetrics__Output } from './tributary/catalog/SetShardLevelMetrics.js';
import type { SetWarmThroughput as _tributary_catalog_SetWarmThroughput, SetWarmThroughput__Output as _tributary_catalog_SetWarmThroughput__Output } from './tributary/catalog/SetWarmThroughput.js';
import type { Shard as _tributary_catalog_Shard, Shard__Output as _tributary_catalog_Shard__Output } from './tributary/catalog/Shard.js';
import type { ShardSealed as _tributary_catalog_ShardSealed, ShardSealed__Output as _tributary_catalog_ShardSealed__Output } from './tributary/catalog/ShardSealed.js';
import type { SplitShard as _tributary_catalog_SplitShard, SplitShard__Output as _tributary_catalog_SplitShard__Output } from './tributary/catalog/SplitShard.js';
import type { StartStreamEncryption as _tributary_catalog_StartStreamEncryption, StartStreamEncryption__Output as _tributary_catalog_StartStreamEncryption__Output } from './tributary/catalog/StartStreamEncryption.js';
import type { StopStreamEncryption as _tributary_catalog_StopStreamEncryption, StopStreamEncryption__Output as _tributary_catalog_StopStreamEncryption__Output } from './tributary/catalog/StopStreamEncryption.js';
import type { Stream as _tributary_catalog_Stream, Stream__Output as _tributary_catalog_Stream__Output } from './tributary/catalog/Stream.js';
import type { Tag as _tributary_catalog_Tag, Tag__Output as _tributary_catalog_Tag__Output } from './tributary/catalog/Tag.js';
import type { UpdateShardCount as _tributary_catalog_UpdateShardCount, UpdateShardCount__Output as _tributary_catalog_UpdateShardCount__Output } from './tributary/catalog/UpdateShardCount.js';
import type { UpdateStreamMode as _tributary_catalog_UpdateStreamMode, UpdateStreamMode__Output as _tributary_catalog_UpdateStreamMode__Output } from './tributary/catalog/UpdateStreamMode.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    api: {
      AppendOk: MessageTypeDefinition<_tributary_api_AppendOk, _tributary_api_AppendOk__Output>
      AppendRequest: MessageTypeDefinition<_tributary_api_AppendRequest, _tributary_api_AppendRequest__Output>
      AppendResponse: MessageTypeDefinition<_tributary_api_AppendResponse, _tributary_api_AppendResponse__Output>
      CatalogAt: MessageTypeDefinition<_tributary_api_CatalogAt, _tributary_api_CatalogAt__Output>
      Failure: MessageTypeDefinition<_tributary_api_Failure, _tributary_api_Failure__Output>
      FailureCode: EnumTypeDefinition
      GatewayApi: SubtypeConstructor<typeof grpc.Client, _tributary_api_GatewayApiClient> & { service: _tributary_api_GatewayApiDefinition }
      GetCatalogRequest: MessageTypeDefinition<_tributary_api_GetCatalogRequest, _tributary_api_GetCatalogRequest__Output>
      GetCatalogResponse: MessageTypeDefinition<_tributary_api_GetCatalogResponse, _tributary_api_GetCatalogResponse__Output>
      NodeAddress: MessageTypeDefinition<_tributary_api_NodeAddress, _tributary_api_NodeAddress__Output>
      NotLeader: MessageTypeDefinition<_tributary_api_NotLeader, _tributary_api_NotLeader__Output>
      ProposeCatalogRequest: MessageTypeDefinition<_tributary_api_ProposeCatalogRequest, _tributary_api_ProposeCatalogRequest__Output>
      ProposeCatalogResponse: MessageTypeDefinition<_tributary_api_ProposeCatalogResponse, _tributary_api_ProposeCatalogResponse__Output>
      ReadOk: MessageTypeDefinition<_tributary_api_ReadOk, _tributary_api_ReadOk__Output>
      ReadRecord: MessageTypeDefinition<_tributary_api_ReadRecord, _tributary_api_ReadRecord__Output>
      ReadRequest: MessageTypeDefinition<_tributary_api_ReadRequest, _tributary_api_ReadRequest__Output>
      ReadResponse: MessageTypeDefinition<_tributary_api_ReadResponse, _tributary_api_ReadResponse__Output>
      Record: MessageTypeDefinition<_tributary_api_Record, _tributary_api_Record__Output>
      Route: MessageTypeDefinition<_tributary_api_Route, _tributary_api_Route__Output>
      RoutingTable: MessageTypeDefinition<_tributary_api_RoutingTable, _tributary_api_RoutingTable__Output>
      SeekRequest: MessageTypeDefinition<_tributary_api_SeekRequest, _tributary_api_SeekRequest__Output>
      SeekResponse: MessageTypeDefinition<_tributary_api_SeekResponse, _tributary_api_SeekResponse__Output>
      SubscribeRequest: MessageTypeDefinition<_tributary_api_SubscribeRequest, _tributary_api_SubscribeRequest__Output>
      SubscribeResponse: MessageTypeDefinition<_tributary_api_SubscribeResponse, _tributary_api_SubscribeResponse__Output>
      WatchRoutingRequest: MessageTypeDefinition<_tributary_api_WatchRoutingRequest, _tributary_api_WatchRoutingRequest__Output>
    }
    catalog: {
      ActivateConsumer: MessageTypeDefinition<_tributary_catalog_ActivateConsumer, _tributary_catalog_ActivateConsumer__Output>
      ActivateStream: MessageTypeDefinition<_tributary_catalog_ActivateStream, _tributary_catalog_ActivateStream__Output>
      AddTags: MessageTypeDefinition<_tributary_catalog_AddTags, _tributary_catalog_AddTags__Output>
      BillingCommitment: MessageTypeDefinition<_tributary_catalog_BillingCommitment, _tributary_catalog_BillingCommitment__Output>
      Catalog: MessageTypeDefinition<_tributary_catalog_Catalog, _tributary_catalog_Catalog__Output>
      CatalogCommand: MessageTypeDefinition<_tributary_catalog_CatalogCommand, _tributary_catalog_CatalogCommand__Output>
      CommandOk: MessageTypeDefinition<_tributary_catalog_CommandOk, _tributary_catalog_CommandOk__Output>
      CommandResult: MessageTypeDefinition<_tributary_catalog_CommandResult, _tributary_catalog_CommandResult__Output>
      Consumer: MessageTypeDefinition<_tributary_catalog_Consumer, _tributary_catalog_Consumer__Output>
      ConsumerStatus: EnumTypeDefinition
      CreateStream: MessageTypeDefinition<_tributary_catalog_CreateStream, _tributary_catalog_CreateStream__Output>
      DataKey: MessageTypeDefinition<_tributary_catalog_DataKey, _tributary_catalog_DataKey__Output>
      DeleteStream: MessageTypeDefinition<_tributary_catalog_DeleteStream, _tributary_catalog_DeleteStream__Output>
      DeregisterConsumer: MessageTypeDefinition<_tributary_catalog_DeregisterConsumer, _tributary_catalog_DeregisterConsumer__Output>
      DropConsumer: MessageTypeDefinition<_tributary_catalog_DropConsumer, _tributary_catalog_DropConsumer__Output>
      DropShard: MessageTypeDefinition<_tributary_catalog_DropShard, _tributary_catalog_DropShard__Output>
      DropStream: MessageTypeDefinition<_tributary_catalog_DropStream, _tributary_catalog_DropStream__Output>
      FinishScaling: MessageTypeDefinition<_tributary_catalog_FinishScaling, _tributary_catalog_FinishScaling__Output>
      InitCluster: MessageTypeDefinition<_tributary_catalog_InitCluster, _tributary_catalog_InitCluster__Output>
      Member: MessageTypeDefinition<_tributary_catalog_Member, _tributary_catalog_Member__Output>
      MergeShards: MessageTypeDefinition<_tributary_catalog_MergeShards, _tributary_catalog_MergeShards__Output>
      RegisterConsumer: MessageTypeDefinition<_tributary_catalog_RegisterConsumer, _tributary_catalog_RegisterConsumer__Output>
      RemoveTags: MessageTypeDefinition<_tributary_catalog_RemoveTags, _tributary_catalog_RemoveTags__Output>
      Reshard: MessageTypeDefinition<_tributary_catalog_Reshard, _tributary_catalog_Reshard__Output>
      RetentionChange: EnumTypeDefinition
      SetBillingCommitment: MessageTypeDefinition<_tributary_catalog_SetBillingCommitment, _tributary_catalog_SetBillingCommitment__Output>
      SetIteratorSecret: MessageTypeDefinition<_tributary_catalog_SetIteratorSecret, _tributary_catalog_SetIteratorSecret__Output>
      SetMaxRecordSize: MessageTypeDefinition<_tributary_catalog_SetMaxRecordSize, _tributary_catalog_SetMaxRecordSize__Output>
      SetMemberIncarnation: MessageTypeDefinition<_tributary_catalog_SetMemberIncarnation, _tributary_catalog_SetMemberIncarnation__Output>
      SetResourcePolicy: MessageTypeDefinition<_tributary_catalog_SetResourcePolicy, _tributary_catalog_SetResourcePolicy__Output>
      SetRetention: MessageTypeDefinition<_tributary_catalog_SetRetention, _tributary_catalog_SetRetention__Output>
      SetShardLevelMetrics: MessageTypeDefinition<_tributary_catalog_SetShardLevelMetrics, _tributary_catalog_SetShardLevelMetrics__Output>
      SetWarmThroughput: MessageTypeDefinition<_tributary_catalog_SetWarmThroughput, _tributary_catalog_SetWarmThroughput__Output>
      Shard: MessageTypeDefinition<_tributary_catalog_Shard, _tributary_catalog_Shard__Output>
      ShardSealed: MessageTypeDefinition<_tributary_catalog_ShardSealed, _tributary_catalog_ShardSealed__Output>
      ShardState: EnumTypeDefinition
      SplitShard: MessageTypeDefinition<_tributary_catalog_SplitShard, _tributary_catalog_SplitShard__Output>
      StartStreamEncryption: MessageTypeDefinition<_tributary_catalog_StartStreamEncryption, _tributary_catalog_StartStreamEncryption__Output>
      StopStreamEncryption: MessageTypeDefinition<_tributary_catalog_StopStreamEncryption, _tributary_catalog_StopStreamEncryption__Output>
      Stream: MessageTypeDefinition<_tributary_catalog_Stream, _tributary_catalog_Stream__Output>
      StreamMode: EnumTypeDefinition
      StreamStatus: EnumTypeDefinition
      Tag: MessageTypeDefinition<_tributary_catalog_Tag, _tributary_catalog_Tag__Output>
      UpdateShardCount: MessageTypeDefinition<_tributary_catalog_UpdateShardCount, _tributary_catalog_UpdateShardCount__Output>
      UpdateStreamMode: MessageTypeDefinition<_tributary_catalog_UpdateStreamMode, _tributary_catalog_UpdateStreamMode__Output>
    }
  }
}

