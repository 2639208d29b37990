/**
 * Who may call what on a node port, by the role its client certificate
 * carries (protocol/cluster-tls.ts): nodes everything; gateways the gateway
 * API; operators the gateway API and the operator's calls. Raft and the peer
 * protocol (Hello, Join, FetchLog, Seal) are for nodes only, so a gateway's
 * or a tool's certificate cannot vote, join or evict a member, or seal a
 * shard. Without TLS (a trusted network, logged at start) there are no roles.
 */
import * as grpc from "@grpc/grpc-js";
import type { MemberRole } from "@tributary/protocol";
import { roleOfCertificate } from "@tributary/protocol";

type Service = "RaftTransport" | "GatewayApi" | "PeerApi";

const everyone: readonly MemberRole[] = ["node", "gateway", "operator"];
const nodes: readonly MemberRole[] = ["node"];
const operators: readonly MemberRole[] = ["node", "operator"];

/** The roles allowed each call; a call not listed is for nodes only. */
const allowed: Readonly<Record<Service, Readonly<Record<string, readonly MemberRole[]>>>> = {
  RaftTransport: { Stream: nodes },
  GatewayApi: { Append: everyone, Read: everyone, Seek: everyone, GetCatalog: everyone, ProposeCatalog: everyone, WatchRouting: everyone, Subscribe: everyone },
  PeerApi: { Hello: nodes, Join: nodes, FetchLog: nodes, Seal: nodes, Status: everyone, TransferLeader: operators, Drain: operators, Compact: operators },
};

/** Whether `role` may make this call (a request is looked into only where a command decides: rotating the iterator secret is an operator's). */
export function mayCall(service: Service, method: string, role: MemberRole, request?: unknown): boolean {
  if (!(allowed[service][method] ?? nodes).includes(role)) return false;
  if (service === "GatewayApi" && method === "ProposeCatalog") {
    const command = (request as { command?: { command?: string } } | undefined)?.command?.command;
    if (command === "setIteratorSecret") return operators.includes(role);
  }
  return true;
}

interface GuardedCall {
  getAuthContext?(): { sslPeerCertificate?: { subject?: Record<string, string | string[] | undefined> } };
  request?: unknown;
  emit(event: "error", err: unknown): boolean;
}

/**
 * A service implementation whose every call is first checked against the
 * caller's role; a call it may not make fails PERMISSION_DENIED before its
 * handler runs. `tls`: whether the port takes client certificates at all.
 */
export function guardByRole(service: Service, definition: grpc.ServiceDefinition, impl: grpc.UntypedServiceImplementation, tls: boolean, onDenied: (method: string, role: MemberRole | undefined) => void): grpc.UntypedServiceImplementation {
  if (!tls) return impl;
  const out: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(impl)) {
    const def = definition[method];
    out[method] = ((call: GuardedCall, callback?: (err: grpc.ServiceError | null) => void) => {
      const role = roleOfCertificate(call.getAuthContext?.()?.sslPeerCertificate);
      // A client-streaming call's request is not in yet; ProposeCatalog (the one call looked into) is unary.
      if (role !== undefined && mayCall(service, method, role, call.request)) return (handler as (c: unknown, cb?: unknown) => void)(call, callback);
      onDenied(method, role);
      const err = { code: grpc.status.PERMISSION_DENIED, details: `a ${role ?? "certificate without a role"} may not call ${service}.${method}` } as grpc.ServiceError;
      if (def?.responseStream) call.emit("error", err);
      else callback?.(err);
    }) as grpc.UntypedHandleCall;
  }
  return out;
}
