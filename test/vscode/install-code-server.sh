#!/usr/bin/env bash
# Installs what the VS Code tests need, idempotently: Debian chromium (the window), ripgrep (instead of the
# GitHub download in @vscode/ripgrep's postinstall), libkrb5-dev (headers for code-server's 'kerberos'
# module), and code-server from npm into a cache folder outside the clone.
# Usage: test/vscode/install-code-server.sh [DEST]
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"   # last code-server whose engines.node is 20 (VS Code 1.100.3)
DEST="${1:-${CS_DIR:-$HOME/.cache/gosum-doctor/code-server-$CS_VERSION}}"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/rg ] || need+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "install-code-server: missing ${need[*]} (run as root or apt-get install them)" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -x "$DEST/node_modules/.bin/code-server" ] && [ -x "$DEST/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
  echo "code-server $CS_VERSION already in $DEST"; exit 0
fi

# @vscode/ripgrep@1.15.11 fetches ripgrep from GitHub unless the archive is in its download cache.
rgcache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgcache"
rgtmp="$(mktemp -d)"; cp /usr/bin/rg "$rgtmp/rg"
tar czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rgtmp" rg
rm -rf "$rgtmp"

# unsafe_perm: the postinstall refuses to run as root without it; yes: node-pty's postinstall uses npx.
mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{"name":"code-server-install","private":true}' > "$DEST/package.json"
cd "$DEST"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
node_modules/.bin/code-server --version | tail -1
