"""Test-only writers: a report as a Word document, with the tables merged as the template has them.

The DOCX is built from the same paragraphs and grids as ``render(report, "html")``
(`gov_disclosure.rendering.blocks`), so both show the same merged cells. A Word table is a
rectangle: a row the report cut short shows its missing cells empty.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from gov_disclosure import AnnualReport
from gov_disclosure.rendering import Grid, Paragraph, blocks


def _paragraph(document: DocxDocument, block: Paragraph) -> None:
    para = document.add_paragraph()
    run = para.add_run(block.text)
    if block.role in ("title", "heading", "subheading"):
        run.bold = True
    if block.role == "title":
        run.font.size = Pt(16)


def _table(document: DocxDocument, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    # The grid's cells, fetched once: python-docx rebuilds the whole list on every table.cell().
    cells = table._cells
    placed = list(grid.placed())
    for r, c, cell in placed:
        cells[r * grid.width + c].text = cell.text
    for r, c, cell in placed:
        if cell.rowspan > 1 or cell.colspan > 1:
            # Spans never overlap, so each corner cell is still in the table when it is merged;
            # the covered cells are empty, and the merged cell keeps the corner's text.
            corner = cells[(r + cell.rowspan - 1) * grid.width + c + cell.colspan - 1]
            cells[r * grid.width + c].merge(corner)


def docx_bytes(report: AnnualReport) -> bytes:
    """The report as a .docx: its paragraphs, and the three tables as Word tables with merged cells."""
    document = Document()
    for block in blocks(report):
        if isinstance(block, Grid):
            _table(document, block)
        else:
            _paragraph(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(report: AnnualReport) -> bytes:
    """The report as a text-layer PDF drawn by reportlab, the tables ruled and merged.

    The font is reportlab's built-in CID font STSong-Light: Chinese text with a real text layer
    and no font file to ship. The page is tall enough for the longest table, so that a table
    is never split (the real PDFs of the corpus cover tables split across pages).
    """
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph as PdfParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    prose = ParagraphStyle("prose", fontName=font, fontSize=9, leading=13)
    title = ParagraphStyle("title", parent=prose, fontSize=14, leading=20)
    story: list[Any] = []
    for block in blocks(report):
        if isinstance(block, Grid):
            data = [["" for _ in range(block.width)] for _ in block.rows]
            style: list[Any] = [
                ("FONT", (0, 0), (-1, -1), font, 7),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
            for r, c, cell in block.placed():
                data[r][c] = cell.text
                if cell.rowspan > 1 or cell.colspan > 1:
                    style.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            story += [Table(data, style=TableStyle(style)), Spacer(1, 12)]
        else:
            text = block.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            story.append(PdfParagraph(text, title if block.role == "title" else prose))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=(1000, 2400), leftMargin=30, rightMargin=30).build(story)
    return out.getvalue()
