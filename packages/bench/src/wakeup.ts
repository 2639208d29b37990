/**
 * What one message costs a process that sleeps between messages, on this
 * machine, with nothing of Tributary in the way: two Node.js processes echo
 * a 1 KiB message back and forth, one at a time, as a bare TCP socket, as
 * gRPC unary calls, and as messages on one gRPC stream (plaintext, the
 * grpc-js the cluster uses). Each runs back to back, then with a pause of 1
 * and 10 ms between round trips (a caller at about 1,000 and 100 calls/s).
 * CPU is the scheduler's own count of time on a CPU (/proc/PID/task/N/
 * schedstat, in nanoseconds: not the tick-sampled utime), per round trip,
 * for the side that starts each round trip and the side that answers.
 *
 * A call through the cluster crosses four processes several times (gateway,
 * leader, two followers, and back), each of which sleeps between calls at
 * low load; this sets the floor under its CPU per call there.
 */
import * as grpc from "@grpc/grpc-js";
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { sleep } from "@tributary/testkit";
import { runtimeMs } from "./process-stats.js";

export type WakeupKind = "tcp" | "grpc-unary" | "grpc-stream";

export interface WakeupRow {
  kind: WakeupKind;
  /** Pause between round trips, ms (0: back to back). */
  pauseMs: number;
  roundTripsPerSecond: number;
  /** CPU per round trip, µs: the side that starts each round trip, and the side that echoes. */
  callerMicros: number;
  echoMicros: number;
}

export interface WakeupReport {
  messageBytes: number;
  rows: WakeupRow[];
}

const messageBytes = 1024;
const pauses = [0, 1, 10];
/** Each measurement: up to this long, and at most this many round trips (bounded both ways). */
const measureMs = 3_000;
const roundTripsMax = 200_000;
const warmupRoundTrips = 500;

const identity = (b: Buffer) => b;
const echoService: grpc.ServiceDefinition = {
  Call: { path: "/bench.Echo/Call", requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
  Stream: { path: "/bench.Echo/Stream", requestStream: true, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
};

/** The echoing side, in a process of its own (this module run with `echo`): says its TCP and gRPC ports on the IPC channel. */
async function serveEcho(): Promise<void> {
  const tcp = createServer((s) => s.on("data", (d) => s.write(d)));
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  const server = new grpc.Server();
  server.addService(echoService, {
    Call: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => done(null, call.request),
    Stream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => call.on("data", (m: Buffer) => call.write(m)),
  });
  const grpcPort = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
  const address = tcp.address();
  process.send?.({ tcp: typeof address === "object" && address ? address.port : 0, grpc: grpcPort });
}

type RoundTrip = () => Promise<unknown>;

async function roundTrips(kind: WakeupKind, ports: { tcp: number; grpc: number }): Promise<{ roundTrip: RoundTrip; close(): void }> {
  const message = Buffer.alloc(messageBytes, 0x2e);
  if (kind === "tcp") {
    const socket: Socket = connect(ports.tcp, "127.0.0.1");
    socket.setNoDelay(true);
    await new Promise<void>((r) => socket.once("connect", r));
    let received = 0;
    let waiting: (() => void) | undefined;
    socket.on("data", (d: Buffer) => {
      received += d.byteLength;
      if (received >= messageBytes) {
        received -= messageBytes;
        waiting?.();
      }
    });
    return {
      roundTrip: () => new Promise<void>((r) => ((waiting = r), socket.write(message))),
      close: () => socket.destroy(),
    };
  }
  const Client = grpc.makeGenericClientConstructor(echoService, "Echo");
  const client = new Client(`127.0.0.1:${ports.grpc}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...args: unknown[]) => unknown>;
  if (kind === "grpc-unary") {
    return {
      roundTrip: () => new Promise((resolve, reject) => (client.Call as (m: Buffer, cb: (e: Error | null, r?: Buffer) => void) => void)(message, (err, res) => (err ? reject(err) : resolve(res)))),
      close: () => client.close(),
    };
  }
  const stream = (client.Stream as () => grpc.ClientDuplexStream<Buffer, Buffer>)();
  let waiting: (() => void) | undefined;
  stream.on("data", () => waiting?.());
  stream.on("error", () => undefined);
  return {
    roundTrip: () => new Promise<void>((r) => ((waiting = r), stream.write(message))),
    close: () => {
      stream.cancel();
      client.close();
    },
  };
}

export async function wakeupBenchmark(): Promise<WakeupReport> {
  const echo: ChildProcess = fork(fileURLToPath(import.meta.url), ["echo"], { execArgv: process.execArgv, stdio: "inherit" });
  try {
    const ports = await new Promise<{ tcp: number; grpc: number }>((resolve, reject) => {
      echo.once("message", (m) => resolve(m as { tcp: number; grpc: number }));
      echo.once("exit", () => reject(new Error("the echo process exited before it listened")));
    });
    const rows: WakeupRow[] = [];
    for (const kind of ["tcp", "grpc-unary", "grpc-stream"] as const) {
      const { roundTrip, close } = await roundTrips(kind, ports);
      for (let i = 0; i < warmupRoundTrips; i++) await roundTrip();
      for (const pauseMs of pauses) {
        const caller0 = runtimeMs(process.pid) ?? 0;
        const echo0 = runtimeMs(echo.pid as number) ?? 0;
        const started = performance.now();
        let n = 0;
        while (performance.now() - started < measureMs && n < roundTripsMax) {
          await roundTrip();
          n++;
          if (pauseMs > 0) await sleep(pauseMs);
        }
        const seconds = (performance.now() - started) / 1000;
        rows.push({
          kind,
          pauseMs,
          roundTripsPerSecond: Math.round(n / seconds),
          callerMicros: Math.round((((runtimeMs(process.pid) ?? 0) - caller0) / n) * 1000),
          echoMicros: Math.round((((runtimeMs(echo.pid as number) ?? 0) - echo0) / n) * 1000),
        });
      }
      close();
    }
    return { messageBytes, rows };
  } finally {
    echo.kill("SIGTERM");
  }
}

export function formatWakeup(r: WakeupReport): string {
  const lines = [`One ${r.messageBytes / 1024} KiB message echoed between two processes, one round trip at a time; CPU per round trip (scheduler runtime)`, "", "| echo | pause | round trips/s | caller CPU | echo CPU |", "| --- | --- | --- | --- | --- |"];
  for (const row of r.rows) lines.push(`| ${row.kind} | ${row.pauseMs} ms | ${row.roundTripsPerSecond} | ${row.callerMicros} µs | ${row.echoMicros} µs |`);
  return lines.join("\n");
}

if (process.argv[2] === "echo" && process.send) await serveEcho();
