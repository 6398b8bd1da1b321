#!/usr/bin/env bash
# Visual check of the publishing formats: renders the PDF report of the
# default dataset to PNG pages (pdftoppm, Debian poppler-utils), the HWPX
# report with rhwp (rhwp-python from PyPI, in the venv of
# scripts/hwpx-venv.sh), and the XLSX report to PDF and then PNG with
# LibreOffice headless when it is installed (Debian
# libreoffice-calc-nogui). Look at the PNGs before a release;
# docs/previews/ keeps a few of them for the README.
#
# Usage: scripts/previews.sh [OUTDIR]     (default target/previews)
# Env:   DPI (default 60), YESAN_BIN (default: build target/release/yesan)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/previews}
dpi=${DPI:-60}
mkdir -p "$out"
rm -f "$out"/*.png
if [ -z "${YESAN_BIN:-}" ]; then
  cargo build --release -q -p yesan
  YESAN_BIN=target/release/yesan
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/yesan.db"

"$YESAN_BIN" --db "$db" report --format pdf -o "$out/report.pdf"
"$YESAN_BIN" --db "$db" report --format xlsx -o "$out/workbook.xlsx"
pdftoppm -r "$dpi" -png "$out/report.pdf" "$out/pdf"
echo "PDF: $(ls "$out"/pdf-*.png | wc -l) pages → $out/pdf-*.png"

"$YESAN_BIN" --db "$db" report --format hwpx -o "$out/report.hwpx"
venv=$(scripts/hwpx-venv.sh --render)
# rhwp's wheel bundles a FreeType older than the fontconfig it loads wants;
# the system's (Debian libfreetype6) provides the missing symbols.
freetype=$(ldconfig -p | awk '/libfreetype\.so\.6 / { print $NF; exit }')
n=$(LD_PRELOAD="$freetype" "$venv/bin/python" scripts/hwpx-render.py \
  "$out/report.hwpx" "$out" hwpx "$dpi" 2>/dev/null)
echo "HWPX: $n pages → $out/hwpx-*.png (rhwp, 함초롬 replaced by Noto CJK)"

if command -v soffice >/dev/null 2>&1; then
  # A private profile, so a running LibreOffice or a first-run dialog does
  # not get in the way.
  soffice -env:UserInstallation="file://$work/lo" --headless \
    --convert-to pdf --outdir "$out" "$out/workbook.xlsx" >/dev/null 2>&1
  pdftoppm -r "$dpi" -png "$out/workbook.pdf" "$out/xlsx"
  echo "XLSX: $(ls "$out"/xlsx-*.png | wc -l) pages → $out/xlsx-*.png"
else
  echo "XLSX: LibreOffice (soffice) not installed, skipped"
fi
