/**
 * Chaos against the compose cluster (docker-compose.yml, under a project of
 * its own): docker kill, docker pause, docker network disconnect. Docker is
 * installed and started when it can be (deploy/ensure-docker.sh); where the
 * engine cannot start, these tests are skipped and say why.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe } from "vitest";
import { DockerBackend } from "../src/docker-backend.js";
import { chaosScenarios } from "./scenarios.js";

function dockerProblem(): string | undefined {
  try {
    execFileSync("bash", [fileURLToPath(new URL("../../../deploy/ensure-docker.sh", import.meta.url))], { stdio: ["ignore", "ignore", "pipe"], timeout: 600_000 });
    return undefined;
  } catch (err) {
    return `${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}`;
  }
}

const problem = dockerProblem();
if (problem) console.log(`chaos-docker: skipped, the Docker engine cannot start here: ${problem}`);

let backend: DockerBackend;

describe.skipIf(problem !== undefined)("chaos on the compose cluster", () => {
  beforeAll(async () => {
    backend = new DockerBackend({ project: "tributary-chaos-test", gatewayPort: 4598 });
    await backend.start();
  }, 900_000);

  afterAll(async () => {
    await backend?.stop();
  }, 120_000);

  chaosScenarios(() => backend, 200);
});
