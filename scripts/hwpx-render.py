"""Draws pages of an HWPX document to PNG with rhwp (rhwp-python, PyPI),
for scripts/previews.sh. 한글's 함초롬 fonts are not installed on Linux, so
rhwp substitutes the Korean font fontconfig finds (Noto CJK).

Usage: python hwpx-render.py FILE.hwpx OUTDIR PREFIX [DPI]
Writes OUTDIR/PREFIX-NN.png, one per page, and prints the page count.
"""

import sys
from pathlib import Path

import rhwp


def main() -> None:
    src, out, prefix = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    dpi = float(sys.argv[4]) if len(sys.argv) > 4 else 96.0
    out.mkdir(parents=True, exist_ok=True)
    doc = rhwp.parse(src)
    for i in range(doc.page_count):
        png = doc.render_png(i, scale=dpi / 96.0, dpi=dpi)
        (out / f"{prefix}-{i + 1:02d}.png").write_bytes(png)
    print(doc.page_count)


if __name__ == "__main__":
    main()
