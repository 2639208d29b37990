#!/usr/bin/env node
/**
 * Bundles each program of the image into one file: the node, the gateway and
 * the operator's command. Run by deploy/Dockerfile after `tsc -b`, from the
 * repository's root: each bundle is written to OUT_DIR under the program's
 * own entry point (OUT_DIR/packages/<program>/dist/main.js), which the image
 * lays over the compiled one, so the paths that docker-compose.yml and the
 * Kubernetes manifests start stay the same.
 *
 * Why: a program loaded from one file starts with a fraction of the file
 * lookups, reads and module compilations of one loaded from hundreds, which
 * is most of what a node restarted in a rolling restart spends its first
 * half-second of CPU on, while its peers serve the producers (docs/design.md,
 * "The image"). Names are kept (no minifying, and esbuild's keepNames), so
 * logs and stack traces still read.
 *
 * In a bundle every module's own location (import.meta.url, __filename,
 * __dirname) is the bundle's: packages/<program>/dist/main.js. Our modules
 * that find files by their own location (proto/ at ../../../proto, the
 * gateway's service model at ../src/model) sit directly in their package's
 * dist/, at the same depth, so they find the same files; a module that
 * looked for files next to itself in a folder of its own would not.
 *
 * LevelDB's binding (classic-level, a native addon found next to its own
 * files) stays outside the bundle: `level` is imported from where pnpm
 * installed it, by a path relative to the entry point, which the image keeps
 * (its tree is the repository's, with the production dependencies only).
 *
 * Usage: node deploy/bundle.mjs OUT_DIR   (from the repository's root)
 */
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";

const outArg = process.argv[2];
if (!outArg) {
  process.stderr.write("usage: node deploy/bundle.mjs OUT_DIR   (from the repository's root)\n");
  process.exit(2);
}
const root = process.cwd();
const out = resolve(outArg);
const programs = ["node", "gateway", "cli"];
const outsideTheBundle = /^level$/;

for (const program of programs) {
  const entry = join("packages", program, "dist", "main.js");
  const entryDir = dirname(join(root, entry));
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(out, entry),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    keepNames: true,
    logLevel: "warning",
    // Bundled CommonJS modules call require(), __filename and __dirname, which an ES module lacks.
    banner: {
      js: [
        'import { createRequire as __bundleRequire } from "node:module";',
        'import { dirname as __bundleDirname } from "node:path";',
        'import { fileURLToPath as __bundlePath } from "node:url";',
        "const require = __bundleRequire(import.meta.url);",
        "const __filename = __bundlePath(import.meta.url);",
        "const __dirname = __bundleDirname(__filename);",
      ].join("\n"),
    },
    plugins: [
      {
        name: "native-code-outside",
        setup(b) {
          b.onResolve({ filter: outsideTheBundle }, (args) => {
            const installed = createRequire(join(args.resolveDir, "importer.js")).resolve(args.path);
            return { path: `./${relative(entryDir, installed)}`, external: true };
          });
        },
      },
    ],
  });
  process.stdout.write(`bundle: ${join(out, entry)}\n`);
}
