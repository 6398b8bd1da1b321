#!/usr/bin/env python3
"""Sets cells of a workbook as a person would in Excel, then saves it, for
crates/yesan-publish/tests/budget_workbook.rs. openpyxl keeps formulas
and drops their cached values, so whatever reads the result must compute.

  edit.py IN.xlsx OUT.xlsx SHEET!CELL=NUMBER ...
"""

import sys

from openpyxl import load_workbook


def main(src, dst, edits):
    wb = load_workbook(src)
    for e in edits:
        ref, value = e.split("=", 1)
        sheet, cell = ref.split("!", 1)
        wb[sheet][cell] = float(value) if "." in value else int(value)
    wb.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
