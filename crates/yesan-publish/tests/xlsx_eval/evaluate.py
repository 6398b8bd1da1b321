#!/usr/bin/env python3
"""Evaluates every formula of an XLSX workbook with pycel, an engine
independent of the writer (it reads the formulas, never the cached values
stored beside them), for crates/yesan-publish/tests/xlsx_formulas.rs.

  evaluate.py WORKBOOK.xlsx

prints one JSON list: [sheet, row, column (0-based), formula, value] for
every formula cell; an evaluation error is printed as the value
{"error": "..."} (the test fails on it).
"""

import json
import sys

from openpyxl import load_workbook
from pycel import ExcelCompiler


def main(path):
    wb = load_workbook(path)  # formulas as written, not cached values
    xl = ExcelCompiler(filename=path)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    cells.append((ws.title, c, f"'{ws.title}'!{c.coordinate}"))
    errors = {}
    # The first evaluation builds pycel's graph of every formula, but starts
    # from the values the file caches; recalculate() then computes every
    # formula cell from the plain numbers alone, and that is what is read.
    for _, _, ref in cells:
        try:
            xl.evaluate(ref)
        except Exception as e:  # noqa: BLE001 - reported, then the test fails
            errors[ref] = f"{e.__class__.__name__}: {e}"
    xl.recalculate()
    out = []
    for title, c, ref in cells:
        if ref in errors:
            v = {"error": errors[ref]}
        else:
            try:
                v = xl.evaluate(ref)
                v = v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
            except Exception as e:  # noqa: BLE001
                v = {"error": f"{e.__class__.__name__}: {e}"}
        out.append([title, c.row - 1, c.column - 1, c.value, v])
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
