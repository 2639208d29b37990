// Original file: proto/catalog.proto

import type { StreamStatus as _tributary_catalog_StreamStatus, StreamStatus__Output as _tributary_catalog_StreamStatus__Output } from '../../tributary/catalog/StreamStatus.js';
import type { StreamMode as _tributary_catalog_StreamMode, StreamMode__Output as _tributary_catalog_StreamMode__Output } from '../../tributary/catalog/StreamMode.js';
import type { Tag as _tributary_catalog_Tag, Tag__Output as _tributary_catalog_Tag__Output } from '../../tributary/catalog/Tag.js';
import type { Shard as _tributary_catalog_Shard, Shard__Output as _tributary_catalog_Shard__Output } from '../../tributary/catalog/Shard.js';
import type { Reshard as _tributary_catalog_Reshard, Reshard__Output as _tributary_catalog_Reshard__Output } from '../../tributary/catalog/Reshard.js';
import type { Consumer as _tributary_catalog_Consumer, Consumer__Output as _tributary_catalog_Consumer__Output } from '../../tributary/catalog/Consumer.js';
import type { DataKey as _tributary_catalog_DataKey, DataKey__Output as _tributary_catalog_DataKey__Output } from '../../tributary/catalog/DataKey.js';
import type { Long } from '@grpc/proto-loader';

export interface Stream {
  'name'?: (string);
  'arn'?: (string);
  'status'?: (_tributary_catalog_StreamStatus);
  'createdMs'?: (number | string | Long);
  'retentionHours'?: (number);
  'mode'?: (_tributary_catalog_StreamMode);
  'tags'?: (_tributary_catalog_Tag)[];
  'maxRecordSizeKib'?: (number);
  'shards'?: (_tributary_catalog_Shard)[];
  'nextShardIndex'?: (number);
  'reshards'?: (_tributary_catalog_Reshard)[];
  'targetShardCount'?: (number);
  'scalingsMs'?: (number | string | Long)[];
  'modeChangesMs'?: (number | string | Long)[];
  'consumers'?: (_tributary_catalog_Consumer)[];
  'shardLevelMetrics'?: (string)[];
  'warmThroughputMibps'?: (number);
  'resourcePolicy'?: (string);
  'keyId'?: (string);
  'dataKey'?: (number);
  'dataKeys'?: (_tributary_catalog_DataKey)[];
  'encryptionStartsMs'?: (number | string | Long)[];
  'encryptionStopsMs'?: (number | string | Long)[];
}

export interface Stream__Output {
  'name': (string);
  'arn': (string);
  'status': (_tributary_catalog_StreamStatus__Output);
  'createdMs': (number);
  'retentionHours': (number);
  'mode': (_tributary_catalog_StreamMode__Output);
  'tags': (_tributary_catalog_Tag__Output)[];
  'maxRecordSizeKib': (number);
  'shards': (_tributary_catalog_Shard__Output)[];
  'nextShardIndex': (number);
  'reshards': (_tributary_catalog_Reshard__Output)[];
  'targetShardCount': (number);
  'scalingsMs': (number)[];
  'modeChangesMs': (number)[];
  'consumers': (_tributary_catalog_Consumer__Output)[];
  'shardLevelMetrics': (string)[];
  'warmThroughputMibps': (number);
  'resourcePolicy': (string);
  'keyId': (string);
  'dataKey': (number);
  'dataKeys': (_tributary_catalog_DataKey__Output)[];
  'encryptionStartsMs': (number)[];
  'encryptionStopsMs': (number)[];
}
