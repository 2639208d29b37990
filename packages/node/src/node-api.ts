/**
 * The gRPC handlers of proto/node.proto: thin translations between wire
 * messages and TributaryNode. A handler never throws into gRPC: unexpected
 * errors become a Failure with code "InternalFailure" and are logged.
 */
import type * as grpc from "@grpc/grpc-js";
import type { CatalogCommand } from "./catalog.js";
import type { TributaryNode } from "./node.js";
import { NodeError } from "./node.js";
import type { WireRecord } from "./proto.js";

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function notLeader(node: TributaryNode, leader: string) {
  return { notLeader: { leaderNode: leader ? leader.slice(0, leader.lastIndexOf(".")) : "", leaderAddress: node.addressOf(leader) } };
}

function unary<Req, Res>(node: TributaryNode, name: string, handler: (req: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => {
          if (err instanceof NodeError) return callback(null, { failure: { code: err.code, message: err.message } } as Res);
          node.log.error({ err, rpc: name }, "node API call failed");
          callback(null, { failure: { code: "InternalFailure", message: "internal error" } } as Res);
        },
      );
  };
}

export function nodeApiHandlers(node: TributaryNode): grpc.UntypedServiceImplementation {
  return {
    append: unary(node, "Append", async (req: { groupId: number; records: WireRecord[] }) => {
      const outcome = await node.append(Number(req.groupId), req.records);
      switch (outcome.kind) {
        case "ok":
          return { ok: { sequenceNumbers: outcome.sequenceNumbers, index: outcome.index, arrivalMs: outcome.arrivalMs } };
        case "not-leader":
          return notLeader(node, outcome.leader);
        case "failure":
          return { failure: { code: outcome.code, message: outcome.message } };
      }
    }),

    read: unary(node, "Read", async (req: { groupId: number; fromIndex: number; fromOffset: number; limit: number; maxBytes: number }) => {
      const res = await node.read(Number(req.groupId), Number(req.fromIndex), Number(req.fromOffset), req.limit || 10_000, Number(req.maxBytes) || 10 * 1024 * 1024);
      return { ok: res };
    }),

    getCatalog: unary(node, "GetCatalog", () => {
      if (!node.isMetaLeader()) return notLeader(node, node.metaLeader());
      const { catalog, index } = node.catalogSnapshot();
      return { catalogJson: JSON.stringify({ index, catalog }) };
    }),

    proposeCatalog: unary(node, "ProposeCatalog", async (req: { commandJson: string }) => {
      const cmd = JSON.parse(req.commandJson) as CatalogCommand;
      const result = await node.proposeCatalog(cmd);
      if ("notLeader" in result) return notLeader(node, node.metaLeader());
      return { resultJson: JSON.stringify(result) };
    }),

    watchRouting: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      const push = () => {
        if (!call.cancelled) call.write(node.routingTable());
      };
      push();
      const stop = node.watchRouting(push);
      call.on("cancelled", stop);
      call.on("close", stop);
      call.on("error", stop);
    },

    hello: unary(node, "Hello", (req: { nodeName: string }) => node.helloAnswer(req.nodeName)),

    join: unary(node, "Join", async (req: { nodeName: string; incarnation: number }) => {
      const result = await node.join(req.nodeName, req.incarnation);
      if ("notLeader" in result) return notLeader(node, node.metaLeader());
      if (!result.ok) return { failure: { code: result.code, message: result.message } };
      return { ok: true };
    }),

    fetchLog: (call: grpc.ServerWritableStream<{ groupId: number; fromIndex: number; toIndex: number }, unknown>) => {
      const { groupId, fromIndex, toIndex } = call.request;
      void (async () => {
        try {
          for await (const storedEntries of node.fetchLog(Number(groupId), Number(fromIndex), Number(toIndex))) {
            if (call.cancelled) return;
            if (!call.write({ storedEntries })) await new Promise((r) => call.once("drain", r));
          }
          call.end();
        } catch (err) {
          node.log.error({ err, groupId }, "FetchLog failed");
          call.destroy(err as Error);
        }
      })();
    },

    seek: unary(node, "Seek", async (req: { groupId: number; timestampMs: number }) => ({ index: await node.seek(Number(req.groupId), Number(req.timestampMs)) })),

    status: unary(node, "Status", () => node.status()),
  };
}
