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
# deck.gl's loaders fetch code from CDNs when asked (loaders.gl workers and h3-js from
# unpkg.com, the Draco decoders from gstatic.com and raw.githubusercontent.com): the map
# never asks (it hands deck.gl its data), and an offline page must name no address off the
# machine, so each CDN becomes a local path that is not served.
CDNS='https://(unpkg\.com|www\.gstatic\.com|raw\.githubusercontent\.com)/?'
sed -E "s#$CDNS#./not-vendored/#g" "$WORK/package/dist.min.js" >"$DEST/dist.min.js"
if grep -Eq "$CDNS" "$DEST/dist.min.js"; then
    echo "vendor_deckgl.sh: a CDN address is left in dist.min.js" >&2
    exit 1
fi
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
sha256sum "$DEST/dist.min.js"
