// Original file: proto/gateway-api.proto

import type { Long } from '@grpc/proto-loader';

export interface Route {
  'groupId'?: (number | string | Long);
  'streamName'?: (string);
  'shardId'?: (string);
  'startingHashKey'?: (string);
  'endingHashKey'?: (string);
  'leaderNode'?: (string);
  'leaderAddress'?: (string);
  'term'?: (number | string | Long);
}

export interface Route__Output {
  'groupId': (number);
  'streamName': (string);
  'shardId': (string);
  'startingHashKey': (string);
  'endingHashKey': (string);
  'leaderNode': (string);
  'leaderAddress': (string);
  'term': (number);
}
