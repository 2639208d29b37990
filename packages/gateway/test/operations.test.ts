/** Every operation the gateway serves has a test file of its own under test/actions/. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { actions } from "../src/actions/index.js";

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

it("has a test file per operation", () => {
  const missing = Object.keys(actions).filter((op) => !existsSync(fileURLToPath(new URL(`./actions/${kebab(op)}.test.ts`, import.meta.url))));
  expect(missing).toEqual([]);
});
