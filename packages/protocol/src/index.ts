/**
 * @tributary/protocol: the wire contract between nodes and gateways, generated
 * from proto/ (see scripts/generate.sh) and owned by neither side.
 *
 * - gateway-api: what a node offers gateways (append, read, seek, catalog, routing)
 * - peer-api: what nodes offer each other and tools (hello, join, fetch log, status)
 * - catalog: the meta group's state machine: streams, shards, members, commands
 * - failure: failure codes (nodes speak in these; gateways word AWS errors)
 * - raft: Raft messages between nodes
 *
 * and what every process of a cluster shares besides: gRPC channel options,
 * mutual TLS between them (cluster-tls), the keyring of master keys for
 * encryption at rest (made by the operator's command, read by nodes), and the operator port (metrics,
 * health, readiness).
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
export { serveOperatorPort } from "./operator-port.js";
export { shardLevelMetricNames } from "./shard-level-metrics.js";
export { channelCredentials, ensureClusterCertificates, loadClusterTls, makeClusterCertificates, roleOfCertificate, roleOfMember, serverCredentials } from "./cluster-tls.js";
export type { ClusterTls, MemberRole } from "./cluster-tls.js";
export { defaultKeyAlias, ensureKeyring, Keyring, KeyringError, writeKeyring } from "./keyring.js";
export type { MasterKey } from "./keyring.js";
export type { MetricsRegistry, OperatorPort } from "./operator-port.js";

export * from "./generated/api-types.js";
export * as raftWire from "./generated/raft-types.js";
