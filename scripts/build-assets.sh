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
# axe-core ships with the browser tests (accessibility checks run offline).
vendor=src/netzero/web/tests/vendor
mkdir -p "$vendor"
cp node_modules/axe-core/axe.min.js "$vendor/axe.min.js"
cp node_modules/axe-core/LICENSE "$vendor/axe-core-LICENSE.txt"
echo "axe-core $(node -p "require('axe-core/package.json').version")" > "$vendor/VERSION"
echo "built $out"
