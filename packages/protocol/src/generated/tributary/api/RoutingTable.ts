// Original file: proto/gateway-api.proto

import type { Route as _tributary_api_Route, Route__Output as _tributary_api_Route__Output } from '../../tributary/api/Route.js';
import type { NodeAddress as _tributary_api_NodeAddress, NodeAddress__Output as _tributary_api_NodeAddress__Output } from '../../tributary/api/NodeAddress.js';
import type { Long } from '@grpc/proto-loader';

export interface RoutingTable {
  'catalogIndex'?: (number | string | Long);
  'routes'?: (_tributary_api_Route)[];
  'nodeAddresses'?: (_tributary_api_NodeAddress)[];
  'metaLeaderNode'?: (string);
}

export interface RoutingTable__Output {
  'catalogIndex': (number);
  'routes': (_tributary_api_Route__Output)[];
  'nodeAddresses': (_tributary_api_NodeAddress__Output)[];
  'metaLeaderNode': (string);
}
