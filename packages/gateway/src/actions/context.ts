import type { Logger } from "pino";
import type { ClusterClient, CommandResult } from "../cluster-client.js";
import { KinesisError } from "../errors.js";

export interface ActionContext {
  readonly cluster: ClusterClient;
  readonly log: Logger;
  readonly now: () => number;
  /** Open shards allowed in the account. */
  readonly shardLimit: number;
}

/** Validated input: the model's member names, blobs as Uint8Array, timestamps as Date. */
export type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Action = (ctx: ActionContext, input: Input) => Promise<unknown>;

/** Turns a failed catalog command into the Kinesis error it names. */
export function orThrow(result: CommandResult): void {
  if (!result.ok) throw new KinesisError(result.code, result.message, result.code === "InternalFailure" ? 500 : 400);
}
