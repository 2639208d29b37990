#!/usr/bin/env node
/**
 * The node process. Configuration errors and a data directory in use exit
 * with status 2 and a one-line reason (no crash loop of stack traces);
 * SIGTERM and SIGINT stop it cleanly.
 */
import { pino } from "pino";
import { DataDirectoryInUseError } from "@tributary/storage";
import { ConfigError, parseNodeConfig } from "./config.js";
import { NodeError, TributaryNode } from "./node.js";

async function main(): Promise<void> {
  let config;
  try {
    config = parseNodeConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`tributary-node: ${(err as Error).message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel, base: { node: config.name } });
  const node = new TributaryNode(config, log);
  try {
    await node.start();
  } catch (err) {
    if (err instanceof DataDirectoryInUseError || err instanceof NodeError) {
      log.fatal({ code: (err as { code: string }).code }, (err as Error).message);
      process.stderr.write(`tributary-node: ${(err as Error).message}\n`);
      process.exit(2);
    }
    throw err;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    node.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

await main();
