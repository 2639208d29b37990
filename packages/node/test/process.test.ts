/**
 * The node process facing a bad start: every case ends with exit status 2
 * and a one-line reason, never a crash loop or a stack trace.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { ensureKeyring } from "@tributary/protocol";
import { freePort } from "@tributary/testkit";

const mainScript = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tributary-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", mainScript, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Three peer addresses on free ports, none of them served. */
async function unreachablePeers(): Promise<string> {
  const ports = [await freePort(), await freePort(), await freePort()];
  return `az-a=127.0.0.1:${ports[0]},az-b=127.0.0.1:${ports[1]},az-c=127.0.0.1:${ports[2]}`;
}

it("exits 2 with the reason on a bad configuration", async () => {
  const { code, stderr } = await run(["--name", "az-a"]);
  expect(code).toBe(2);
  expect(stderr).toMatch(/--peers .* is required/);
  expect(stderr).not.toMatch(/at .*\.ts:\d+/);
});

it("exits 2 when its peers stay unreachable past the join timeout", async () => {
  const { code, stderr } = await run(["--name", "az-a", "--peers", await unreachablePeers(), "--data-dir", join(dir, "lonely"), "--join-timeout-ms", "1500"]);
  expect(code).toBe(2);
  expect(stderr).toMatch(/could not reach all peers/);
});

it("says whether it can encrypt at rest: a keyring loaded, or a warning that none was given", async () => {
  const keyringFile = join(dir, "keyring.json");
  ensureKeyring(keyringFile);
  const withKeyring = await run(["--name", "az-a", "--peers", await unreachablePeers(), "--data-dir", join(dir, "with-keyring"), "--keyring", keyringFile, "--join-timeout-ms", "500"]);
  expect(withKeyring.stdout).toMatch(/"msg":"keyring loaded"/);
  expect(withKeyring.stdout).not.toMatch(/no --keyring given/);
  const without = await run(["--name", "az-a", "--peers", await unreachablePeers(), "--data-dir", join(dir, "without-keyring"), "--join-timeout-ms", "500"]);
  expect(without.stdout).toMatch(/no --keyring given/);
  expect(without.stdout).not.toMatch(/keyring loaded/);
});

it("exits 2 when another process holds its data directory", async () => {
  const dataDir = join(dir, "shared");
  // The first process holds the lock while it waits for its peers.
  const first = spawn(process.execPath, ["--conditions=source", "--import", "tsx", mainScript, "--name", "az-a", "--peers", await unreachablePeers(), "--data-dir", dataDir], { stdio: "ignore" });
  try {
    await new Promise((r) => setTimeout(r, 2_500));
    // The second listens on a port of its own (the first holds its own), on the same data directory.
    const { code, stderr } = await run(["--name", "az-a", "--peers", await unreachablePeers(), "--data-dir", dataDir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/in use by another process/);
  } finally {
    const exited = new Promise((r) => first.once("exit", r));
    first.kill("SIGKILL");
    await exited;
  }
});
