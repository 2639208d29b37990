/** Options of every gRPC channel and server in the cluster: node to node, gateway to node, tools to node. */
import type * as grpc from "@grpc/grpc-js";
import * as limits from "./limits.js";

/** The server name every member's TLS client sends. */
const clusterServerName = "tributary-member";

export const grpcChannelOptions: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": limits.grpcMessageBytesMax,
  "grpc.max_send_message_length": limits.grpcMessageBytesMax,
  // A peer that stops answering (a paused or cut-off process, whose TCP
  // connection stays open) fails every call in flight to it within about two
  // seconds instead of at each call's deadline.
  "grpc.keepalive_time_ms": limits.keepalivePingMs,
  "grpc.keepalive_timeout_ms": limits.keepaliveTimeoutMs,
  "grpc.keepalive_permit_without_calls": 1,
  // A node that comes back, possibly at a new address (a container joined to
  // its network again), is reached within a second, not grpc's default 30 s
  // between name resolutions and up to 120 s of reconnect backoff. (With 2 s
  // of backoff, writes after a restart of all three nodes came back 3.5-4.1 s
  // after their start; with 0.5 s, 2.7-3.0 s.) A connection attempt to a
  // dead address every half second costs nothing.
  "grpc.dns_min_time_between_resolutions_ms": 1_000,
  "grpc.initial_reconnect_backoff_ms": 200,
  "grpc.max_reconnect_backoff_ms": limits.reconnectBackoffMaxMs,
  // The name a TLS client sends (SNI), in place of the dialled host: members
  // are dialled by container name, pod name or IP address alike, and no
  // server looks at the name (cluster-tls.ts: a member is whoever holds a
  // certificate from the cluster's CA). An IP address there is what RFC 6066
  // forbids, for which Node.js prints a deprecation warning.
  "grpc.ssl_target_name_override": clusterServerName,
};
