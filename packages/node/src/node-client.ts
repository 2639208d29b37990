/**
 * A small promise-based client of the node API, for tools, tests and scripts.
 */
import * as grpc from "@grpc/grpc-js";
import { grpcChannelOptions, NodeService } from "./proto.js";

export interface AppendResult {
  ok?: { sequenceNumbers: string[]; index: number; arrivalMs: number };
  notLeader?: { leaderNode: string; leaderAddress: string };
  failure?: { code: string; message: string };
}

export interface ReadResultWire {
  ok?: {
    records: { sequenceNumber: string; data: Buffer; partitionKey: string; arrivalMs: number; index: number; offset: number }[];
    nextIndex: number;
    nextOffset: number;
    appliedIndex: number;
  };
  failure?: { code: string; message: string };
}

export interface StatusWire {
  nodeName: string;
  incarnation: number;
  clusterId: string;
  groups: { groupId: number; state: string; leader: string; term: number; commit: number; applied: number; lastIndex: number; voters: string[] }[];
  syncWrites: number;
  plainWrites: number;
}

export class NodeClient {
  private readonly client: grpc.Client;

  constructor(readonly address: string) {
    this.client = new NodeService(address, grpc.credentials.createInsecure(), grpcChannelOptions);
  }

  private call<T>(method: string, request: unknown, timeoutMs = 15_000): Promise<T> {
    const c = this.client as unknown as Record<string, (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: T) => void) => void>;
    return new Promise((resolve, reject) => {
      (c[method] as (typeof c)[string]).call(c, request, { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  append(groupId: number, records: { data: Uint8Array; partitionKey: string }[]): Promise<AppendResult> {
    return this.call("append", { groupId, records });
  }

  read(groupId: number, fromIndex: number, fromOffset = 0, limit = 10_000, maxBytes = 10 * 1024 * 1024): Promise<ReadResultWire> {
    return this.call("read", { groupId, fromIndex, fromOffset, limit, maxBytes });
  }

  async propose(command: unknown): Promise<{ resultJson?: string; notLeader?: { leaderNode: string }; failure?: { code: string; message: string } }> {
    return this.call("proposeCatalog", { commandJson: JSON.stringify(command) });
  }

  getCatalog(): Promise<{ catalogJson?: string; notLeader?: { leaderNode: string } }> {
    return this.call("getCatalog", {});
  }

  status(): Promise<StatusWire> {
    return this.call("status", {}, 5_000);
  }

  close(): void {
    this.client.close();
  }
}
