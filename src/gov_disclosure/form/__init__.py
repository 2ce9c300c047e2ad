"""The statutory forms as data: parts, tables, blocks, rows, columns, and the sums that tie them.

Both templates — 国办公开办函〔2019〕60号 and 〔2021〕30号 — are stated once here (`FORM_2019`,
`FORM_2021`). The rest of the library derives from them: the facts and their keys, the
arithmetic checks (one per family of `Relation`), rendering's grids, the strategies, the docs'
data dictionary; the model and the grammar's table rules are tested against them row for row.

>>> from gov_disclosure.form import FORM_2021
>>> FORM_2021.table("applications").row("denied.state_secret").label
'1.属于国家秘密'
>>> [c.key for c in FORM_2021.table("reviews").rows[0].columns]
['upheld', 'corrected', 'other', 'pending', 'total']
"""

from __future__ import annotations

from gov_disclosure.form._access import (
    LABEL_NUMBERING,
    TABLE_KEYS,
    applications_form,
    cell_at,
    cells_reader,
    form_table,
    glued_cells,
    glued_runs,
    label_marker,
    lookup,
    lookup_all,
    opens_with_label,
    present_cells,
    prose_cells,
    relations,
    replaced,
    report_relations,
    row_at,
    table_at,
)
from gov_disclosure.form._build import build_table, table_class
from gov_disclosure.form._lookup import (
    META_LABELS,
    TableView,
    cell,
    dictionary_keys,
    label,
    table_view,
    value,
)
from gov_disclosure.form._schema import (
    CellRef,
    Column,
    ColumnKind,
    Form,
    FormBlock,
    FormPart,
    FormRow,
    FormTable,
    Relation,
    TableKey,
)
from gov_disclosure.form._statutory import (
    APPLICATIONS_2019,
    APPLICATIONS_2021,
    APPLICATIONS_UNION,
    FORM_2019,
    FORM_2021,
    FORMS,
    LEGAL_PERSON_COLUMNS,
    PARTS,
    T3_APPLICANTS,
    T3_LEGAL_PERSONS,
    T3_NOTE,
    T3_RESULTS,
    UNION_RELATIONS,
)

__all__ = [
    "APPLICATIONS_2019",
    "APPLICATIONS_2021",
    "APPLICATIONS_UNION",
    "FORMS",
    "FORM_2019",
    "FORM_2021",
    "LABEL_NUMBERING",
    "LEGAL_PERSON_COLUMNS",
    "META_LABELS",
    "PARTS",
    "T3_APPLICANTS",
    "T3_LEGAL_PERSONS",
    "T3_NOTE",
    "T3_RESULTS",
    "TABLE_KEYS",
    "UNION_RELATIONS",
    "CellRef",
    "Column",
    "ColumnKind",
    "Form",
    "FormBlock",
    "FormPart",
    "FormRow",
    "FormTable",
    "Relation",
    "TableKey",
    "TableView",
    "applications_form",
    "build_table",
    "cell",
    "cell_at",
    "cells_reader",
    "dictionary_keys",
    "form_table",
    "glued_cells",
    "glued_runs",
    "label",
    "label_marker",
    "lookup",
    "lookup_all",
    "opens_with_label",
    "present_cells",
    "prose_cells",
    "relations",
    "replaced",
    "report_relations",
    "row_at",
    "table_at",
    "table_class",
    "table_view",
    "value",
]
