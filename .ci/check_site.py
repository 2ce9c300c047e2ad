"""The built documentation site: Chinese at the root, English under /en/, and no page loads
anything from outside the site (scripts, styles, fonts, images, frames). Links out are fine.

Usage: python .ci/check_site.py SITE_DIR
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_LOADS = re.compile(
    r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=\"((?:https?:)?//[^\"]+)\""
    r"|<link\b[^>]*\bhref=\"((?:https?:)?//[^\"]+)\""
    r"|url\(\s*['\"]?((?:https?:)?//[^)'\"]+)|@import\s+['\"]((?:https?:)?//[^'\"]+)"
)


def main(site: Path) -> int:
    problems: list[str] = []
    root = (site / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    if '<html lang="zh"' not in root:
        problems.append("index.html is not lang=zh")
    if '<html lang="en"' not in english:
        problems.append("en/index.html is not lang=en")
    pages = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js")]
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _LOADS.finditer(text):
            url = next(g for g in match.groups() if g)
            problems.append(f"{page.relative_to(site)} loads {url}")
    for line in problems[:40]:
        print(f"check_site: {line}", file=sys.stderr)
    print(f"check_site: {len(pages)} files, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
