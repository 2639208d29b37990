/**
 * The proto files of proto/, loaded once, as typed gRPC services and message
 * codecs. The API (gateway-api, peer-api, catalog, failure) is loaded with
 * enums as their names; Raft messages with enums as numbers, which map
 * one-to-one onto the Raft library's own.
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType as GatewayApiProto } from "./generated/gateway-api.js";
import type { ProtoGrpcType as PeerApiProto } from "./generated/peer-api.js";
import type { ProtoGrpcType as RaftProto } from "./generated/raft.js";

/** The repository's proto/ folder (this file sits in src/ or dist/ of packages/protocol). */
export const protoDir = fileURLToPath(new URL("../../../proto/", import.meta.url));

const common: protoLoader.Options = { keepCase: false, longs: Number, bytes: Buffer, defaults: true, oneofs: true, includeDirs: [protoDir] };

const apiDefinition = protoLoader.loadSync(["gateway-api.proto", "peer-api.proto"], { ...common, enums: String });
const raftDefinition = protoLoader.loadSync(["raft.proto"], { ...common, enums: Number });

/** Gateway-facing and peer APIs, with the catalog and failure messages they carry. */
export const api = grpc.loadPackageDefinition(apiDefinition) as unknown as GatewayApiProto & PeerApiProto;

/** Raft messages and the node-to-node Raft stream. */
export const raft = grpc.loadPackageDefinition(raftDefinition) as unknown as RaftProto;

/** A service's method definitions (paths, codecs) by method name. */
export function serviceMethods(service: "tributary.api.GatewayApi" | "tributary.api.PeerApi"): protoLoader.ServiceDefinition {
  return apiDefinition[service] as protoLoader.ServiceDefinition;
}
