#!/usr/bin/env bash
# Generates the TypeScript types of the wire contract from proto/ with
# @grpc/proto-loader's own generator. The output is committed; a test checks
# that it matches what this script makes from the current proto files.
#
#   bash packages/protocol/scripts/generate.sh [out-dir]
#
# Raft messages keep numeric enums (they map one-to-one onto the Raft
# library's); the API's enums are their names.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/src/generated}"
proto="$here/../../proto"
gen="$here/node_modules/.bin/proto-loader-gen-types"
rm -rf "$out"
mkdir -p "$out"
common=(--longs=Number --defaults --oneofs --grpcLib=@grpc/grpc-js -I "$proto" --outDir="$out" --inputTemplate=%s --outputTemplate=%s__Output)
"$gen" "${common[@]}" --enums=String gateway-api.proto peer-api.proto catalog.proto failure.proto >/dev/null
"$gen" "${common[@]}" --enums=Number raft.proto >/dev/null
# ES module imports name their files; the header names the proto file from the repository root.
find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E \
  -e "s#(from '\.[^']*)';#\1.js';#" \
  -e "s#^// Original file: .*/proto/#// Original file: proto/#"
# Barrels: every message and enum of the API and the catalog (enums are values too), and the Raft wire types apart.
barrel() {
  local dir="$1"
  for f in "$out/tributary/$dir"/*.ts; do
    local name
    name="$(basename "$f" .ts)"
    if grep -q "^export const $name = " "$f"; then
      echo "export { $name } from './tributary/$dir/$name.js';"
      echo "export type { ${name}__Output } from './tributary/$dir/$name.js';"
    else
      echo "export type * from './tributary/$dir/$name.js';"
    fi
  done
}
{ echo "// The API's and the catalog's messages and enums (made by scripts/generate.sh)."; barrel api; barrel catalog; } >"$out/api-types.ts"
{ echo "// Raft messages on the wire (made by scripts/generate.sh)."; barrel raft; } >"$out/raft-types.ts"
