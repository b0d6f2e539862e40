#!/usr/bin/env bash
# Re-vendor deck.gl for the Map page's WebGL map from the npm registry (pinned version).
# Usage: scripts/vendor_deckgl.sh   (needs npm; prints the new sha256 for
# static/webgl_map/README.md)
set -euo pipefail
VERSION="9.4.0"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/webgl_map/deck.gl"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "deck.gl@$VERSION" >/dev/null && tar -xzf "deck.gl-$VERSION.tgz")
mkdir -p "$DEST"
cp "$WORK/package/dist.min.js" "$DEST/dist.min.js"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
sha256sum "$DEST/dist.min.js"
