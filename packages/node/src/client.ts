/**
 * What a client of the node API needs (the gateway, tools, tests), without
 * the node itself: `@tributary/node/client`.
 */
export { NodeService, grpcChannelOptions } from "./proto.js";
export { NodeClient } from "./node-client.js";
export type { AppendResult, ReadResultWire, StatusWire } from "./node-client.js";
