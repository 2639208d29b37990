export { Gateway } from "./gateway.js";
export type { GatewayOptions } from "./gateway.js";
export { actions } from "./actions/index.js";
export type { Operation } from "./actions/index.js";
export { partitionKeyHash } from "./streams.js";
