#!/usr/bin/env bash
# Copies the built front-end files from the npm registry into static/vendor/ and records versions.
# The result is committed, so the running app needs no CDN and no npm.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A PKGS=(
  [bootstrap]=5.3.8
  [bootstrap-icons]=1.13.2
  [htmx.org]=2.0.11
  [chart.js]=4.6.1
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=static/vendor
rm -rf "$out"; mkdir -p "$out"
: > "$out/VERSIONS.txt"
for name in "${!PKGS[@]}"; do
  ver=${PKGS[$name]}
  (cd "$work" && npm pack --silent "$name@$ver" >/dev/null)
  tgz=$(ls "$work"/*.tgz | head -1)
  mkdir -p "$work/$name" && tar -xzf "$tgz" -C "$work/$name" && rm "$tgz"
  echo "$name $ver" >> "$out/VERSIONS.txt"
done
mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/htmx" "$out/chartjs"
cp "$work/bootstrap/package/dist/css/bootstrap.min.css" "$out/bootstrap/"
cp "$work/bootstrap/package/dist/js/bootstrap.bundle.min.js" "$out/bootstrap/"
cp "$work/bootstrap-icons/package/font/bootstrap-icons.min.css" "$out/bootstrap-icons/"
cp "$work/bootstrap-icons/package/font/fonts/"* "$out/bootstrap-icons/fonts/"
cp "$work/htmx.org/package/dist/htmx.min.js" "$out/htmx/"
cp "$work/chart.js/package/dist/chart.umd.min.js" "$out/chartjs/" 2>/dev/null || cp "$work/chart.js/package/dist/chart.umd.js" "$out/chartjs/chart.umd.min.js"
# The source maps are not shipped: drop their references, or collectstatic (manifest) fails.
find "$out" -name "*.js" -o -name "*.css" | xargs sed -i "/sourceMappingURL=/d"
sort -o "$out/VERSIONS.txt" "$out/VERSIONS.txt"
# axe-core for the browser tests' accessibility checks (tests only, not served).
AXE_VERSION=4.14.1
(cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar -xzf "axe-core-$AXE_VERSION.tgz")
mkdir -p tests/browser/vendor
cp "$work/package/axe.min.js" tests/browser/vendor/ && cp "$work/package/LICENSE" tests/browser/vendor/axe-core.LICENSE
sed -i "/sourceMappingURL=/d" tests/browser/vendor/axe.min.js
echo "axe-core $AXE_VERSION (npm; MPL-2.0; used by the browser tests only)" > tests/browser/vendor/VERSIONS.txt
echo "vendored into $out:"; cat "$out/VERSIONS.txt"
