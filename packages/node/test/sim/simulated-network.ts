/**
 * A simulated network between the nodes of one simulation: Raft frames are
 * delayed, dropped, duplicated and reordered as the seed decides, links can
 * be cut in either direction, and a node that is down receives nothing.
 * Calls of the peer and gateway-facing APIs go in process (through the wire
 * encoding) and fail as unreachable across a cut link or to a down node.
 */
import type { GatewayApiCaller, GatewayApiHandler, PeerApiCaller, PeerApiHandler } from "@tributary/protocol";
import { inProcessGatewayApiCaller, inProcessPeerApiCaller } from "@tributary/protocol";
import type { HibernationSignals } from "../../src/hibernation.js";
import type { GroupMessage, IncomingBatch, RaftTransport, RaftTransportFactory } from "../../src/transport.js";
import type { SimulatedClock } from "./simulated-clock.js";

export interface NetworkFaults {
  /** Probability that a frame is lost. */
  dropProbability: number;
  /** Probability that a frame arrives twice. */
  duplicateProbability: number;
  /** Usual delay of a frame, at most (ms). */
  delayMaxMs: number;
  /** Probability that a frame is held much longer, and how long at most (ms). */
  longDelayProbability: number;
  longDelayMaxMs: number;
}

interface InFlight {
  readonly deliverAt: number;
  readonly order: number;
  readonly to: string;
  readonly batch: IncomingBatch;
}

export interface Endpoint {
  receive: ((batch: IncomingBatch) => void) | undefined;
  peerApi: PeerApiHandler | undefined;
  gatewayApi: GatewayApiHandler | undefined;
}

export class SimulatedNetwork {
  private readonly endpoints = new Map<string, Endpoint>();
  private inFlight: InFlight[] = [];
  private nextOrder = 0;
  /** Directed links "a>b" that lose everything. */
  private readonly cut = new Set<string>();
  framesDropped = 0;
  framesDuplicated = 0;

  constructor(
    private readonly clock: SimulatedClock,
    private readonly random: () => number,
    public faults: NetworkFaults,
  ) {}

  endpoint(name: string): Endpoint {
    let e = this.endpoints.get(name);
    if (!e) this.endpoints.set(name, (e = { receive: undefined, peerApi: undefined, gatewayApi: undefined }));
    return e;
  }

  /** The Raft transport of node `name`'s current boot. */
  transport(name: string): RaftTransportFactory {
    return (self, receive): RaftTransport => {
      const endpoint = this.endpoint(name);
      endpoint.receive = receive;
      let closed = false;
      return {
        send: (peer: string, messages: readonly GroupMessage[], hibernation: HibernationSignals) => {
          if (closed) return;
          this.send(name, peer, { clusterId: self.clusterId(), fromNode: name, fromIncarnation: self.incarnation(), leaving: self.leaving(), messages, hibernation });
        },
        dropped: () => new Map(), // the simulator counts its own drops
        close: () => {
          closed = true;
          if (endpoint.receive === receive) endpoint.receive = undefined;
        },
      };
    };
  }

  private send(from: string, to: string, batch: IncomingBatch): void {
    if (this.cut.has(`${from}>${to}`) || this.random() < this.faults.dropProbability) {
      this.framesDropped++;
      return;
    }
    const copies = this.random() < this.faults.duplicateProbability ? 2 : 1;
    if (copies === 2) this.framesDuplicated++;
    for (let i = 0; i < copies; i++) {
      const long = this.random() < this.faults.longDelayProbability;
      const delay = Math.floor(this.random() * ((long ? this.faults.longDelayMaxMs : this.faults.delayMaxMs) + 1));
      this.inFlight.push({ deliverAt: this.clock.now() + delay, order: this.nextOrder++, to, batch });
    }
  }

  /** Hands every frame due by now to its receiver (frames due at once arrive in a seeded order). */
  deliverDue(): void {
    const now = this.clock.now();
    const due = this.inFlight.filter((f) => f.deliverAt <= now);
    if (due.length === 0) return;
    this.inFlight = this.inFlight.filter((f) => f.deliverAt > now);
    due.sort((a, b) => a.deliverAt - b.deliverAt || a.order - b.order);
    for (let i = due.length - 1; i > 0; i--) {
      if (due[i]?.deliverAt !== due[i - 1]?.deliverAt) continue;
      if (this.random() < 0.5) [due[i], due[i - 1]] = [due[i - 1] as InFlight, due[i] as InFlight];
    }
    for (const f of due) {
      if (this.cut.has(`${f.batch.fromNode}>${f.to}`)) {
        this.framesDropped++;
        continue;
      }
      const receive = this.endpoints.get(f.to)?.receive;
      if (receive) receive(f.batch);
      else this.framesDropped++;
    }
  }

  reachable(from: string, to: string): boolean {
    return !this.cut.has(`${from}>${to}`) && !this.cut.has(`${to}>${from}`);
  }

  /** How node `from` (or a client, "client") calls node `to`'s peer API. */
  peerCaller(from: string, to: string): PeerApiCaller {
    return inProcessPeerApiCaller(to, () => (this.reachable(from, to) ? this.endpoints.get(to)?.peerApi : undefined), (fn, ms) => this.clock.after(ms, fn));
  }

  /** How a client calls node `to`'s gateway-facing API. */
  gatewayCaller(to: string): GatewayApiCaller {
    return inProcessGatewayApiCaller(to, () => (this.reachable("client", to) ? this.endpoints.get(to)?.gatewayApi : undefined), (fn, ms) => this.clock.after(ms, fn));
  }

  /** Cuts both directions between the two sides. */
  partition(side: readonly string[], rest: readonly string[]): void {
    for (const a of side) {
      for (const b of rest) {
        this.cut.add(`${a}>${b}`);
        this.cut.add(`${b}>${a}`);
      }
    }
  }

  cutOneWay(from: string, to: string): void {
    this.cut.add(`${from}>${to}`);
  }

  heal(): void {
    this.cut.clear();
  }
}
