/**
 * @tributary/protocol: the wire contract between nodes and gateways, generated
 * from proto/ (see scripts/generate.sh) and owned by neither side.
 *
 * - gateway-api: what a node offers gateways (append, read, seek, catalog, routing)
 * - peer-api: what nodes offer each other and tools (hello, join, fetch log, status)
 * - catalog: the meta group's state machine: streams, shards, members, commands
 * - failure: failure codes (nodes speak in these; gateways word AWS errors)
 * - raft: Raft messages between nodes
 */
export { CallError, callErrorOf, realTimer } from "./calls.js";
export type { CallErrorKind, SetTimer } from "./calls.js";
export { grpcChannelOptions } from "./channel.js";
export { protoDir } from "./definitions.js";
export { gatewayApiDefinition, gatewayApiService, grpcGatewayApiCaller, inProcessGatewayApiCaller } from "./gateway-api.js";
export type { GatewayApiCaller, GatewayApiHandler } from "./gateway-api.js";
export { grpcPeerApiCaller, inProcessPeerApiCaller, peerApiDefinition, peerApiService } from "./peer-api.js";
export type { PeerApiCaller, PeerApiHandler } from "./peer-api.js";
export { raftTransportDefinition, RaftTransportClient } from "./raft-transport.js";
export { decodeCatalog, decodeCatalogCommand, encodeCatalog, encodeCatalogCommand } from "./catalog-codec.js";
export { offsetBits, offsetsPerEntryMax, parseSequenceNumber, sequenceNumber } from "./sequence-number.js";
export type { SequenceParts } from "./sequence-number.js";
export * as protocolLimits from "./limits.js";

// api
export type * from "./generated/tributary/api/AppendOk.js";
export type * from "./generated/tributary/api/AppendRequest.js";
export type * from "./generated/tributary/api/AppendResponse.js";
export type * from "./generated/tributary/api/CatalogAt.js";
export type * from "./generated/tributary/api/Failure.js";
export { FailureCode } from "./generated/tributary/api/FailureCode.js";
export type { FailureCode__Output } from "./generated/tributary/api/FailureCode.js";
export type * from "./generated/tributary/api/FetchLogChunk.js";
export type * from "./generated/tributary/api/FetchLogRequest.js";
export type * from "./generated/tributary/api/GatewayApi.js";
export type * from "./generated/tributary/api/GetCatalogRequest.js";
export type * from "./generated/tributary/api/GetCatalogResponse.js";
export type * from "./generated/tributary/api/GroupStatus.js";
export type * from "./generated/tributary/api/HelloRequest.js";
export type * from "./generated/tributary/api/HelloResponse.js";
export type * from "./generated/tributary/api/JoinOk.js";
export type * from "./generated/tributary/api/JoinRequest.js";
export type * from "./generated/tributary/api/JoinResponse.js";
export type * from "./generated/tributary/api/NodeAddress.js";
export type * from "./generated/tributary/api/NodeStatus.js";
export type * from "./generated/tributary/api/NotLeader.js";
export type * from "./generated/tributary/api/PeerApi.js";
export type * from "./generated/tributary/api/ProposeCatalogRequest.js";
export type * from "./generated/tributary/api/ProposeCatalogResponse.js";
export type * from "./generated/tributary/api/ReadOk.js";
export type * from "./generated/tributary/api/ReadRecord.js";
export type * from "./generated/tributary/api/ReadRequest.js";
export type * from "./generated/tributary/api/ReadResponse.js";
export type * from "./generated/tributary/api/Record.js";
export type * from "./generated/tributary/api/Route.js";
export type * from "./generated/tributary/api/RoutingTable.js";
export type * from "./generated/tributary/api/SeekRequest.js";
export type * from "./generated/tributary/api/SeekResponse.js";
export type * from "./generated/tributary/api/StatusRequest.js";
export type * from "./generated/tributary/api/WatchRoutingRequest.js";
// catalog
export type * from "./generated/tributary/catalog/ActivateStream.js";
export type * from "./generated/tributary/catalog/AddTags.js";
export type * from "./generated/tributary/catalog/Catalog.js";
export type * from "./generated/tributary/catalog/CatalogCommand.js";
export type * from "./generated/tributary/catalog/CommandOk.js";
export type * from "./generated/tributary/catalog/CommandResult.js";
export type * from "./generated/tributary/catalog/CreateStream.js";
export type * from "./generated/tributary/catalog/DeleteStream.js";
export type * from "./generated/tributary/catalog/DropStream.js";
export type * from "./generated/tributary/catalog/InitCluster.js";
export type * from "./generated/tributary/catalog/Member.js";
export type * from "./generated/tributary/catalog/RemoveTags.js";
export { RetentionChange } from "./generated/tributary/catalog/RetentionChange.js";
export type { RetentionChange__Output } from "./generated/tributary/catalog/RetentionChange.js";
export type * from "./generated/tributary/catalog/SetIteratorSecret.js";
export type * from "./generated/tributary/catalog/SetMaxRecordSize.js";
export type * from "./generated/tributary/catalog/SetMemberIncarnation.js";
export type * from "./generated/tributary/catalog/SetRetention.js";
export type * from "./generated/tributary/catalog/Shard.js";
export type * from "./generated/tributary/catalog/Stream.js";
export { StreamMode } from "./generated/tributary/catalog/StreamMode.js";
export type { StreamMode__Output } from "./generated/tributary/catalog/StreamMode.js";
export { StreamStatus } from "./generated/tributary/catalog/StreamStatus.js";
export type { StreamStatus__Output } from "./generated/tributary/catalog/StreamStatus.js";
export type * from "./generated/tributary/catalog/Tag.js";

export * as raftWire from "./raft-wire.js";
