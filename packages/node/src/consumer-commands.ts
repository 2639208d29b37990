/**
 * The catalog commands of enhanced fan-out consumers: registered CREATING,
 * ACTIVE at the meta leader's next round, DELETING when deregistered, then
 * dropped. AWS's limits hold: 20 consumers per stream, 5 CREATING at once.
 */
import type { CatalogCommand__Output } from "@tributary/protocol";
import type { CommandResult, ConsumerRecord, StreamRecord } from "./catalog.js";
import { fail, ok } from "./catalog.js";
import { consumersCreatingMax, consumersPerStreamMax } from "./limits.js";

export function consumerArn(streamArn: string, name: string, createdMs: number): string {
  return `${streamArn}/consumer/${name}:${Math.floor(createdMs / 1000)}`;
}

/** The consumer a command names (by name and ARN: a consumer registered again under the same name is another), or why not. */
function named(s: StreamRecord, x: { consumer: string; arn: string }): ConsumerRecord | CommandResult {
  return s.consumers.find((k) => k.name === x.consumer && k.arn === x.arn) ?? fail("CONSUMER_NOT_FOUND", `no consumer ${x.arn}`);
}

const isConsumer = (c: ConsumerRecord | CommandResult): c is ConsumerRecord => "arn" in c;

export function applyConsumerCommand(cmd: CatalogCommand__Output, onStream: (name: string, f: (s: StreamRecord) => CommandResult) => CommandResult): CommandResult {
  switch (cmd.command) {
    case "registerConsumer": {
      const x = cmd.registerConsumer;
      if (!x) break;
      return onStream(x.stream, (s) => {
        if (s.status !== "ACTIVE" && s.status !== "UPDATING") return fail("STREAM_NOT_ACTIVE", `stream ${s.name} is ${s.status}`);
        if (s.consumers.some((c) => c.name === x.consumer)) return fail("CONSUMER_EXISTS", `consumer ${x.consumer} exists`);
        if (s.consumers.length >= consumersPerStreamMax) return fail("TOO_MANY_CONSUMERS", `${s.consumers.length} consumers`, { rule: "per-stream", limit: consumersPerStreamMax });
        if (s.consumers.filter((c) => c.status === "CONSUMER_CREATING").length >= consumersCreatingMax) return fail("TOO_MANY_CONSUMERS", "consumers being created", { rule: "creating", limit: consumersCreatingMax });
        s.consumers.push({ name: x.consumer, arn: consumerArn(s.arn, x.consumer, x.nowMs), status: "CONSUMER_CREATING", createdMs: x.nowMs, resourcePolicy: "" });
        return ok;
      });
    }
    case "activateConsumer": {
      const x = cmd.activateConsumer;
      if (!x) break;
      return onStream(x.stream, (s) => {
        const c = named(s, x);
        if (!isConsumer(c)) return c;
        if (c.status === "CONSUMER_CREATING") c.status = "CONSUMER_ACTIVE";
        return ok;
      });
    }
    case "deregisterConsumer": {
      const x = cmd.deregisterConsumer;
      if (!x) break;
      return onStream(x.stream, (s) => {
        const c = named(s, x);
        if (!isConsumer(c)) return c;
        c.status = "CONSUMER_DELETING";
        return ok;
      });
    }
    case "dropConsumer": {
      const x = cmd.dropConsumer;
      if (!x) break;
      return onStream(x.stream, (s) => {
        s.consumers = s.consumers.filter((c) => !(c.name === x.consumer && c.arn === x.arn && c.status === "CONSUMER_DELETING"));
        return ok;
      });
    }
    default:
      break;
  }
  return fail("INVALID_REQUEST", "an empty or incomplete catalog command");
}
