"""mkdocs hook: write the data dictionary's tables from the form (`gov_disclosure.form`).

The keys, labels and columns on the page are the form's own, taken from the installed package
at build time, so the page cannot drift from what `facts()` emits.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- data-dictionary-tables -->"


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:  # noqa: ARG001 - mkdocs passes it by name
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, tables())


def _columns(row: Any, seen: set[tuple[str, ...]]) -> str:
    keys = tuple(c.key for c in row.columns)
    if keys in seen:
        return ", ".join(f"`{c.key}`" for c in row.columns)
    seen.add(keys)
    unit = {"money": " (万元, a decimal string)", "signed": " (may be negative)"}
    return ", ".join(f"`{c.key}` {c.label}{unit.get(c.kind, '')}" for c in row.columns)


def tables() -> str:
    from gov_disclosure.form import APPLICATIONS_UNION, FORMS

    out: list[str] = []
    for template in ("2021", "2019"):
        form = FORMS[template]
        active = form.table("active")
        out += [
            f"## table `active`: 二、{active.title} — {template} form"
            f' (`template` `"{template}"`, {form.notice})',
            "",
            "| row | label | block | columns |",
            "|---|---|---|---|",
        ]
        seen: set[tuple[str, ...]] = set()
        for row in active.rows:
            block = active.block(row.block).label if row.block else ""
            out.append(f"| `{row.key}` | {row.label} | {block} | {_columns(row, seen)} |")
        facts = sum(len(r.columns) for r in active.rows)
        out += ["", f"{len(active.rows)} rows, {facts} facts.", ""]
    t3 = APPLICATIONS_UNION
    out += [
        f"## table `applications`: 三、{t3.title}",
        "",
        "Every row has the same seven columns:",
        "",
        "| column | label |",
        "|---|---|",
        *(f"| `{c.key}` | {c.label} |" for c in t3.rows[0].columns),
        "",
        "Sub-rows of the groups （三）–（六） have dotted keys: the group, a dot, and the sub-row.",
        "",
        "| row | label | form |",
        "|---|---|---|",
    ]
    f21, f19 = (FORMS[t].table("applications") for t in ("2021", "2019"))
    keys21, keys19 = {r.key for r in f21.rows}, {r.key for r in f19.rows}
    for row in t3.rows:
        group = t3.block(row.block).label + " " if row.block else ""
        where = "both" if row.key in keys21 and row.key in keys19 else "2021" if row.key in keys21 else "2019"
        out.append(f"| `{row.key}` | {group}{row.label} | {where} |")
    out += [
        "",
        f"A 2021-form table has {len(f21.rows)} data rows ({7 * len(f21.rows)} facts), a 2019-form "
        f"table {len(f19.rows)} ({7 * len(f19.rows)} facts). A report that mixes the forms may have "
        "both the 2019 form's single `other` row and the 2021 form's `other.*` rows; `other` comes "
        "after them.",
        "",
    ]
    t4 = FORMS["2021"].table("reviews")
    out += [
        f"## table `reviews`: 四、{t4.title}",
        "",
        "The same in both forms.",
        "",
        "| row | label |",
        "|---|---|",
        *(f"| `{r.key}` | {r.name} |" for r in t4.rows),
        "",
        "| column | label |",
        "|---|---|",
        *(f"| `{c.key}` | {c.label} |" for c in t4.rows[0].columns),
        "",
    ]
    return "\n".join(out)
