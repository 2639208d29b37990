/** Options of every gRPC channel and server in the cluster: node to node, gateway to node, tools to node. */
import type * as grpc from "@grpc/grpc-js";
import * as limits from "./limits.js";

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
};
