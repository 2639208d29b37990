/**
 * The gateway process's credentials: a key pair made and printed when none
 * is given, a credentials file written once with --create-credentials and
 * read after, and clear refusals of conflicting or malformed settings.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@tributary/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { rawRequest } from "./harness.js";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tributary-gateway-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the gateway (with no reachable node: only its own behaviour is tested) until `until` holds of its output (stderr and log), or it exits; then stops it. */
async function runGateway(args: string[], until: (stderr: string) => boolean): Promise<{ code: number | null; stderr: string; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", main, "--listen", `127.0.0.1:${port}`, "--nodes", "127.0.0.1:1", "--log-level", "warn", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TRIBUTARY_CREDENTIALS: "", TRIBUTARY_CREDENTIALS_FILE: "", TRIBUTARY_AUTH: "" } });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => (stderr += d.toString())); // the log, for `until`
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !until(stderr) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  if (child.exitCode === null) child.kill("SIGTERM");
  return { code: await exited, stderr, port };
}

describe("gateway credentials", () => {
  it("makes and prints a key pair when given none", async () => {
    const { stderr } = await runGateway([], (s) => s.includes("AWS_SECRET_ACCESS_KEY="));
    expect(stderr).toMatch(/AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]{16}\n\s+AWS_SECRET_ACCESS_KEY=\S{40}/);
  }, 60_000);

  it("writes a credentials file once with --create-credentials, readable only by its owner, and keeps it", async () => {
    const file = join(dir, "keys.json");
    await runGateway(["--credentials-file", file, "--create-credentials"], () => {
      try {
        return statSync(file).size > 0;
      } catch {
        return false;
      }
    });
    const first = readFileSync(file, "utf8");
    expect((JSON.parse(first) as { keys: { accessKeyId: string }[] }).keys[0]?.accessKeyId).toMatch(/^AKIA/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await runGateway(["--credentials-file", file, "--create-credentials", "--log-level", "info"], (s) => s.includes("gateway listening"));
    expect(readFileSync(file, "utf8")).toBe(first);
  }, 60_000);

  it("refuses an unsigned request while serving", async () => {
    let answer: { status: number; body: Buffer } | undefined;
    const port = await freePort();
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", main, "--listen", `127.0.0.1:${port}`, "--nodes", "127.0.0.1:1", "--credentials", "AKIDLOCAL:local-secret"], { stdio: "ignore" });
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !answer) {
        answer = await rawRequest(`http://127.0.0.1:${port}`, "Kinesis_20131202.ListStreams", "{}", undefined, true).catch(() => undefined);
        if (!answer) await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      child.kill("SIGTERM");
    }
    expect(answer?.status).toBe(400);
    expect(JSON.parse(answer?.body.toString() ?? "{}").__type).toBe("MissingAuthenticationTokenException");
  }, 60_000);

  it("refuses conflicting and malformed settings with a clear message", async () => {
    const both = await runGateway(["--credentials", "A:b", "--auth-open"], () => false);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give one of --credentials-file, --credentials and --auth-open");
    const bad = await runGateway(["--credentials", "no-colon"], () => false);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected ID:SECRET pairs");
    const file = join(dir, "bad.json");
    writeFileSync(file, '{"keys": []}');
    const empty = await runGateway(["--credentials-file", file], () => false);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("with at least one key");
  }, 60_000);
});
