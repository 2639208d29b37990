import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources ("source" export
// condition), so the tests need no build first.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Tests that check memory comes back to its baseline collect garbage first.
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
