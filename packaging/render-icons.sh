#!/usr/bin/env bash
# Renders the committed icon files from resources/icons/io.opsboard.Opsboard.svg. Run it after
# changing the SVG (Debian: apt install librsvg2-bin imagemagick python3) and commit the result:
#   resources/icons/hicolor/opsboard-<size>.png   hicolor theme PNGs (Linux packages, Qt fallback)
#   packaging/windows/opsboard.ico                 NSIS installer and the .exe's icon
#   packaging/macos/opsboard.icns                  the .app bundle's icon
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
svg=resources/icons/io.opsboard.Opsboard.svg
out=resources/icons/hicolor
mkdir -p "$out" packaging/windows packaging/macos
for size in 16 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$out/opsboard-$size.png"
done
convert-im6.q16 "$out"/opsboard-{16,32,48,64,128,256}.png packaging/windows/opsboard.ico
# ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG data) per size.
python3 - "$out" packaging/macos/opsboard.icns <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512)]
chunks = b""
for kind, size in types:
    data = open(f"{src}/opsboard-{size}.png", "rb").read()
    chunks += kind.encode() + struct.pack(">I", len(data) + 8) + data
open(dst, "wb").write(b"icns" + struct.pack(">I", len(chunks) + 8) + chunks)
PY
echo "icons rendered from $svg"
