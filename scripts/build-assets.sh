#!/usr/bin/env bash
# Rebuilds the static assets the app ships (GOV.UK Frontend CSS/JS/images and our stylesheet).
# The outputs are committed, so the app never fetches anything at run time; run this only after
# changing assets/scss or upgrading govuk-frontend in package.json (`make assets`).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
out=src/netzero/web/static
gf=node_modules/govuk-frontend/dist/govuk
rm -rf "$out/govuk"
mkdir -p "$out/govuk/assets" "$out/netzero"
npx sass --no-source-map --style=compressed --load-path=node_modules --pkg-importer=node \
  assets/scss/app.scss "$out/netzero/app.css"
cp "$gf/govuk-frontend.min.js" "$out/govuk/govuk-frontend.min.js"
cp -r "$gf/assets/images" "$out/govuk/assets/images"
# Only the images: the stylesheet uses Arial, so the GDS Transport fonts are not shipped.
echo "govuk-frontend $(node -p "require('govuk-frontend/package.json').version")" > "$out/govuk/VERSION"
# Vega, Vega-Lite and vega-embed draw the charts in the page (the server draws the same specs
# with vl-convert-python for reports); shipped, never fetched.
mkdir -p "$out/vendor/vega"
cp node_modules/vega/build/vega.min.js "$out/vendor/vega/"
cp node_modules/vega-lite/build/vega-lite.min.js "$out/vendor/vega/"
cp node_modules/vega-embed/build/vega-embed.min.js "$out/vendor/vega/"
for pkg in vega vega-lite vega-embed; do
  echo "$pkg $(node -p "JSON.parse(require('fs').readFileSync('node_modules/$pkg/package.json')).version")"
done > "$out/vendor/vega/VERSIONS"
cp node_modules/vega/LICENSE "$out/vendor/vega/LICENSE-vega.txt"
cp node_modules/vega-lite/LICENSE "$out/vendor/vega/LICENSE-vega-lite.txt"
cp node_modules/vega-embed/LICENSE "$out/vendor/vega/LICENSE-vega-embed.txt"
# The packages' source maps are not shipped, so drop the comments that point at them: Django's
# manifest storage (collectstatic in production) refuses a file that references a missing file.
for js in "$out/govuk/govuk-frontend.min.js" "$out"/vendor/vega/*.min.js; do
  sed -i -e '$ s#//\# sourceMappingURL=[^ ]*$##' "$js"
done
if grep -rl 'sourceMappingURL' "$out"; then echo "source map references left (above)" >&2; exit 1; fi

# axe-core ships with the browser tests (accessibility checks run offline).
vendor=src/netzero/testing/vendor
mkdir -p "$vendor"
cp node_modules/axe-core/axe.min.js "$vendor/axe.min.js"
cp node_modules/axe-core/LICENSE "$vendor/axe-core-LICENSE.txt"
echo "axe-core $(node -p "require('axe-core/package.json').version")" > "$vendor/VERSION"
echo "built $out"
