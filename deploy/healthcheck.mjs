// Container healthcheck: `node deploy/healthcheck.mjs node` passes when the
// node's gRPC port accepts connections; `... gateway` passes when the
// gateway's operator port answers /ready (it has a routing table naming a
// meta leader: the cluster behind it has a catalog).
import { connect } from "node:net";

const what = process.argv[2] ?? "node";
const done = (ok) => process.exit(ok ? 0 : 1);
setTimeout(() => done(false), 4000).unref();

if (what === "gateway") {
  const port = (process.env.TRIBUTARY_GATEWAY_METRICS_LISTEN ?? "0.0.0.0:9100").split(":").pop();
  fetch(`http://127.0.0.1:${port}/ready`).then((res) => done(res.status === 200), () => done(false));
} else {
  const port = Number((process.env.TRIBUTARY_LISTEN ?? "0.0.0.0:7001").split(":").pop());
  const socket = connect(port, "127.0.0.1");
  socket.on("connect", () => { socket.end(); done(true); });
  socket.on("error", () => done(false));
}
