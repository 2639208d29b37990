#!/usr/bin/env node
/** The `tributary` command's process: runs one command (see cli.ts) and exits with its status. */
import { run } from "./cli.js";

process.exitCode = await run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
