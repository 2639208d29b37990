// Original file: proto/catalog.proto

import type { InitCluster as _tributary_catalog_InitCluster, InitCluster__Output as _tributary_catalog_InitCluster__Output } from '../../tributary/catalog/InitCluster.js';
import type { CreateStream as _tributary_catalog_CreateStream, CreateStream__Output as _tributary_catalog_CreateStream__Output } from '../../tributary/catalog/CreateStream.js';
import type { ActivateStream as _tributary_catalog_ActivateStream, ActivateStream__Output as _tributary_catalog_ActivateStream__Output } from '../../tributary/catalog/ActivateStream.js';
import type { DeleteStream as _tributary_catalog_DeleteStream, DeleteStream__Output as _tributary_catalog_DeleteStream__Output } from '../../tributary/catalog/DeleteStream.js';
import type { DropStream as _tributary_catalog_DropStream, DropStream__Output as _tributary_catalog_DropStream__Output } from '../../tributary/catalog/DropStream.js';
import type { SetRetention as _tributary_catalog_SetRetention, SetRetention__Output as _tributary_catalog_SetRetention__Output } from '../../tributary/catalog/SetRetention.js';
import type { AddTags as _tributary_catalog_AddTags, AddTags__Output as _tributary_catalog_AddTags__Output } from '../../tributary/catalog/AddTags.js';
import type { RemoveTags as _tributary_catalog_RemoveTags, RemoveTags__Output as _tributary_catalog_RemoveTags__Output } from '../../tributary/catalog/RemoveTags.js';
import type { SetMaxRecordSize as _tributary_catalog_SetMaxRecordSize, SetMaxRecordSize__Output as _tributary_catalog_SetMaxRecordSize__Output } from '../../tributary/catalog/SetMaxRecordSize.js';
import type { SetMemberIncarnation as _tributary_catalog_SetMemberIncarnation, SetMemberIncarnation__Output as _tributary_catalog_SetMemberIncarnation__Output } from '../../tributary/catalog/SetMemberIncarnation.js';
import type { SetIteratorSecret as _tributary_catalog_SetIteratorSecret, SetIteratorSecret__Output as _tributary_catalog_SetIteratorSecret__Output } from '../../tributary/catalog/SetIteratorSecret.js';
import type { SplitShard as _tributary_catalog_SplitShard, SplitShard__Output as _tributary_catalog_SplitShard__Output } from '../../tributary/catalog/SplitShard.js';
import type { MergeShards as _tributary_catalog_MergeShards, MergeShards__Output as _tributary_catalog_MergeShards__Output } from '../../tributary/catalog/MergeShards.js';
import type { ShardSealed as _tributary_catalog_ShardSealed, ShardSealed__Output as _tributary_catalog_ShardSealed__Output } from '../../tributary/catalog/ShardSealed.js';
import type { UpdateShardCount as _tributary_catalog_UpdateShardCount, UpdateShardCount__Output as _tributary_catalog_UpdateShardCount__Output } from '../../tributary/catalog/UpdateShardCount.js';
import type { FinishScaling as _tributary_catalog_FinishScaling, FinishScaling__Output as _tributary_catalog_FinishScaling__Output } from '../../tributary/catalog/FinishScaling.js';
import type { UpdateStreamMode as _tributary_catalog_UpdateStreamMode, UpdateStreamMode__Output as _tributary_catalog_UpdateStreamMode__Output } from '../../tributary/catalog/UpdateStreamMode.js';
import type { DropShard as _tributary_catalog_DropShard, DropShard__Output as _tributary_catalog_DropShard__Output } from '../../tributary/catalog/DropShard.js';
import type { RegisterConsumer as _tributary_catalog_RegisterConsumer, RegisterConsumer__Output as _tributary_catalog_RegisterConsumer__Output } from '../../tributary/catalog/RegisterConsumer.js';
import type { ActivateConsumer as _tributary_catalog_ActivateConsumer, ActivateConsumer__Output as _tributary_catalog_ActivateConsumer__Output } from '../../tributary/catalog/ActivateConsumer.js';
import type { DeregisterConsumer as _tributary_catalog_DeregisterConsumer, DeregisterConsumer__Output as _tributary_catalog_DeregisterConsumer__Output } from '../../tributary/catalog/DeregisterConsumer.js';
import type { DropConsumer as _tributary_catalog_DropConsumer, DropConsumer__Output as _tributary_catalog_DropConsumer__Output } from '../../tributary/catalog/DropConsumer.js';
import type { SetShardLevelMetrics as _tributary_catalog_SetShardLevelMetrics, SetShardLevelMetrics__Output as _tributary_catalog_SetShardLevelMetrics__Output } from '../../tributary/catalog/SetShardLevelMetrics.js';
import type { SetBillingCommitment as _tributary_catalog_SetBillingCommitment, SetBillingCommitment__Output as _tributary_catalog_SetBillingCommitment__Output } from '../../tributary/catalog/SetBillingCommitment.js';
import type { SetWarmThroughput as _tributary_catalog_SetWarmThroughput, SetWarmThroughput__Output as _tributary_catalog_SetWarmThroughput__Output } from '../../tributary/catalog/SetWarmThroughput.js';
import type { SetResourcePolicy as _tributary_catalog_SetResourcePolicy, SetResourcePolicy__Output as _tributary_catalog_SetResourcePolicy__Output } from '../../tributary/catalog/SetResourcePolicy.js';

export interface CatalogCommand {
  'initCluster'?: (_tributary_catalog_InitCluster | null);
  'createStream'?: (_tributary_catalog_CreateStream | null);
  'activateStream'?: (_tributary_catalog_ActivateStream | null);
  'deleteStream'?: (_tributary_catalog_DeleteStream | null);
  'dropStream'?: (_tributary_catalog_DropStream | null);
  'setRetention'?: (_tributary_catalog_SetRetention | null);
  'addTags'?: (_tributary_catalog_AddTags | null);
  'removeTags'?: (_tributary_catalog_RemoveTags | null);
  'setMaxRecordSize'?: (_tributary_catalog_SetMaxRecordSize | null);
  'setMemberIncarnation'?: (_tributary_catalog_SetMemberIncarnation | null);
  'setIteratorSecret'?: (_tributary_catalog_SetIteratorSecret | null);
  'splitShard'?: (_tributary_catalog_SplitShard | null);
  'mergeShards'?: (_tributary_catalog_MergeShards | null);
  'shardSealed'?: (_tributary_catalog_ShardSealed | null);
  'updateShardCount'?: (_tributary_catalog_UpdateShardCount | null);
  'finishScaling'?: (_tributary_catalog_FinishScaling | null);
  'updateStreamMode'?: (_tributary_catalog_UpdateStreamMode | null);
  'dropShard'?: (_tributary_catalog_DropShard | null);
  'registerConsumer'?: (_tributary_catalog_RegisterConsumer | null);
  'activateConsumer'?: (_tributary_catalog_ActivateConsumer | null);
  'deregisterConsumer'?: (_tributary_catalog_DeregisterConsumer | null);
  'dropConsumer'?: (_tributary_catalog_DropConsumer | null);
  'setShardLevelMetrics'?: (_tributary_catalog_SetShardLevelMetrics | null);
  'setBillingCommitment'?: (_tributary_catalog_SetBillingCommitment | null);
  'setWarmThroughput'?: (_tributary_catalog_SetWarmThroughput | null);
  'setResourcePolicy'?: (_tributary_catalog_SetResourcePolicy | null);
  'command'?: "initCluster"|"createStream"|"activateStream"|"deleteStream"|"dropStream"|"setRetention"|"addTags"|"removeTags"|"setMaxRecordSize"|"setMemberIncarnation"|"setIteratorSecret"|"splitShard"|"mergeShards"|"shardSealed"|"updateShardCount"|"finishScaling"|"updateStreamMode"|"dropShard"|"registerConsumer"|"activateConsumer"|"deregisterConsumer"|"dropConsumer"|"setShardLevelMetrics"|"setBillingCommitment"|"setWarmThroughput"|"setResourcePolicy";
}

export interface CatalogCommand__Output {
  'initCluster'?: (_tributary_catalog_InitCluster__Output | null);
  'createStream'?: (_tributary_catalog_CreateStream__Output | null);
  'activateStream'?: (_tributary_catalog_ActivateStream__Output | null);
  'deleteStream'?: (_tributary_catalog_DeleteStream__Output | null);
  'dropStream'?: (_tributary_catalog_DropStream__Output | null);
  'setRetention'?: (_tributary_catalog_SetRetention__Output | null);
  'addTags'?: (_tributary_catalog_AddTags__Output | null);
  'removeTags'?: (_tributary_catalog_RemoveTags__Output | null);
  'setMaxRecordSize'?: (_tributary_catalog_SetMaxRecordSize__Output | null);
  'setMemberIncarnation'?: (_tributary_catalog_SetMemberIncarnation__Output | null);
  'setIteratorSecret'?: (_tributary_catalog_SetIteratorSecret__Output | null);
  'splitShard'?: (_tributary_catalog_SplitShard__Output | null);
  'mergeShards'?: (_tributary_catalog_MergeShards__Output | null);
  'shardSealed'?: (_tributary_catalog_ShardSealed__Output | null);
  'updateShardCount'?: (_tributary_catalog_UpdateShardCount__Output | null);
  'finishScaling'?: (_tributary_catalog_FinishScaling__Output | null);
  'updateStreamMode'?: (_tributary_catalog_UpdateStreamMode__Output | null);
  'dropShard'?: (_tributary_catalog_DropShard__Output | null);
  'registerConsumer'?: (_tributary_catalog_RegisterConsumer__Output | null);
  'activateConsumer'?: (_tributary_catalog_ActivateConsumer__Output | null);
  'deregisterConsumer'?: (_tributary_catalog_DeregisterConsumer__Output | null);
  'dropConsumer'?: (_tributary_catalog_DropConsumer__Output | null);
  'setShardLevelMetrics'?: (_tributary_catalog_SetShardLevelMetrics__Output | null);
  'setBillingCommitment'?: (_tributary_catalog_SetBillingCommitment__Output | null);
  'setWarmThroughput'?: (_tributary_catalog_SetWarmThroughput__Output | null);
  'setResourcePolicy'?: (_tributary_catalog_SetResourcePolicy__Output | null);
  'command'?: "initCluster"|"createStream"|"activateStream"|"deleteStream"|"dropStream"|"setRetention"|"addTags"|"removeTags"|"setMaxRecordSize"|"setMemberIncarnation"|"setIteratorSecret"|"splitShard"|"mergeShards"|"shardSealed"|"updateShardCount"|"finishScaling"|"updateStreamMode"|"dropShard"|"registerConsumer"|"activateConsumer"|"deregisterConsumer"|"dropConsumer"|"setShardLevelMetrics"|"setBillingCommitment"|"setWarmThroughput"|"setResourcePolicy";
}
