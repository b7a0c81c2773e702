#!/usr/bin/env bash
# See check-cache.ts: proofs of the grid's caching, read from Nx's own output.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p apps/grid/grids/local
exec npx tsx apps/grid/scripts/check-cache.ts "$@"
