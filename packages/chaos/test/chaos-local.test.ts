/**
 * Chaos against three node processes and a gateway on this machine: kill -9,
 * SIGSTOP, and (as root) partitions between network namespaces.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { LocalBackend } from "../src/index.js";
import { chaosScenarios, replacementScenarios, reshardingScenarios } from "./scenarios.js";

let backend: LocalBackend;

describe("chaos on local processes", () => {
  beforeAll(async () => {
    backend = new LocalBackend();
    await backend.start();
    if (backend.partitionsUnsupported) console.log(`chaos-local: ${backend.partitionsUnsupported}`);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  chaosScenarios(() => backend, 100);
  reshardingScenarios(() => backend, 100);
  replacementScenarios(() => backend, 100);
});
