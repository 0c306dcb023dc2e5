#!/usr/bin/env bash
# Syntax-only compile of every project source (src/, app/, ui/, tests/, bench/) against the Qt 6.8
# headers, on a Debian 12 machine whose installed Qt is 6.4. Nothing is installed: the Debian 13
# (trixie, Qt 6.8) -dev packages are downloaded through a private apt state directory and unpacked
# under $QT68_ROOT. Uses the compile commands of the dev preset (configured if missing), with the
# Qt 6.4 include directories replaced by the 6.8 ones, and -fsyntax-only.
#
#   scripts/check-qt68.sh              # all files; prints "checked N files, M failed"
#   scripts/check-qt68.sh src/server   # only files under a path
#
# Environment: QT68_ROOT (default /tmp/qt68/root), QT68_JOBS (default 2), QT68_LOG (default
# /tmp/qt68/check.log: the compiler output of the failing files).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
qt68=${QT68_ROOT:-/tmp/qt68/root}
jobs=${QT68_JOBS:-2}
log=${QT68_LOG:-/tmp/qt68/check.log}
filter=${1:-}
qtinc=/usr/include/x86_64-linux-gnu/qt6

fetch_headers() {
    local state=/tmp/qt68/apt mirror
    # The same Debian mirror the machine already uses, with the trixie suite.
    mirror=$(grep -hoE '^(URIs:|deb)[[:space:]]+[^[:space:]]+/debian/?([[:space:]]|$)' \
        /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
        awk '{print $2}' | head -n1)
    [[ -n "$mirror" ]] || { echo "check-qt68: no Debian mirror in the apt sources" >&2; return 1; }
    mkdir -p "$state"/{lists/partial,cache/archives/partial,etc/sources.list.d,etc/preferences.d}
    mkdir -p "$state/debs" "$qt68"
    touch "$state/status"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" \
        >"$state/etc/sources.list"
    cat >"$state/apt.conf" <<EOF
Dir::State "$state";
Dir::State::Lists "$state/lists";
Dir::State::status "$state/status";
Dir::Cache "$state/cache";
Dir::Etc::SourceList "$state/etc/sources.list";
Dir::Etc::SourceParts "$state/etc/sources.list.d";
Dir::Etc::Preferences "$state/etc/preferences";
Dir::Etc::PreferencesParts "$state/etc/preferences.d";
APT::Architecture "amd64";
EOF
    export APT_CONFIG=$state/apt.conf
    apt-get update -qq
    (cd "$state/debs" && apt-get download -qq \
        qt6-base-dev qt6-base-private-dev qt6-httpserver-dev qt6-websockets-dev 2>/dev/null)
    local deb
    for deb in "$state"/debs/*.deb; do dpkg-deb -x "$deb" "$qt68"; done
    unset APT_CONFIG
}

if [[ ! -f "$qt68$qtinc/QtHttpServer/QHttpServer" ]]; then
    echo "check-qt68: unpacking the Qt 6.8 headers under $qt68"
    fetch_headers
fi
version=$(sed -n 's/^#define QT_VERSION_STR "\(.*\)"/\1/p' "$qt68$qtinc/QtCore/qconfig.h" \
    2>/dev/null | head -n1)
echo "check-qt68: Qt headers $version from $qt68$qtinc"

db=$root/build/dev/compile_commands.json
if [[ ! -f "$db" ]]; then
    (cd "$root" && cmake --preset dev >/dev/null)
fi
# Generated sources (moc, uic, rcc) are not checked: they come from the 6.4 tools. The headers
# uic generated are still included from the autogen directories.
# The moc/uic output the checked files include (tst_*.moc, ui_*.h): the *_autogen targets.
mapfile -t autogen < <(ninja -C "$root/build/dev" -t targets all |
    sed -n 's/^\([A-Za-z0-9_]*_autogen\):.*/\1/p')
nice ninja -C "$root/build/dev" -j "$jobs" "${autogen[@]}" >/dev/null

mkdir -p "$(dirname "$log")"
: >"$log"
python3 - "$db" "$root" "$qt68" "$qtinc" "$jobs" "$log" "$filter" <<'PY'
import concurrent.futures, json, os, shlex, subprocess, sys

db, root, qt68, qtinc, jobs, log, filt = sys.argv[1:]
entries = []
for e in json.load(open(db)):
    rel = os.path.relpath(e["file"], root)
    if rel.split("/")[0] not in ("src", "app", "ui", "tests", "bench"):
        continue
    if filt and not rel.startswith(filt.rstrip("/")):
        continue
    args = shlex.split(e["command"])
    out = [args[0]]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        if a.startswith(qtinc):
            a = qt68 + a
        out.append(a)
    out.append("-fsyntax-only")
    entries.append((rel, out, e["directory"]))

def check(item):
    rel, cmd, cwd = item
    p = subprocess.run(["nice"] + cmd, cwd=cwd, capture_output=True, text=True)
    return rel, p.returncode, p.stderr

failed = []
with concurrent.futures.ThreadPoolExecutor(int(jobs)) as pool, open(log, "w") as out:
    for rel, rc, err in pool.map(check, sorted(entries, key=lambda e: e[0])):
        if rc != 0:
            failed.append(rel)
            errors = sum(1 for line in err.splitlines() if ": error:" in line)
            print(f"FAIL {rel} ({errors} errors)")
            out.write(f"==== {rel}\n{err}\n")
print(f"check-qt68: checked {len(entries)} files, {len(failed)} failed"
      + (f" (compiler output: {log})" if failed else ""))
sys.exit(1 if failed else 0)
PY
