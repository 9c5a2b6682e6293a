"""What a build of `academy generate`'s output is missing, as a Markdown report (CI step summary).

    python .github/scripts/engine_report.py DIR    # DIR holds docs/, mkdocs.yml and the built site/

Exit status 1 when a page, asset or internal link target is missing, so the CI job shows it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def html_for(page: PurePosixPath) -> list[PurePosixPath]:
    """Where an engine may put the page: directory URLs or not."""
    stem = page.with_suffix("")
    if stem.name in ("index", "README"):
        return [stem.parent / "index.html"]
    return [stem / "index.html", stem.with_suffix(".html")]


def main(out: Path) -> int:
    docs, site = out / "docs", out / "site"
    pages = sorted(PurePosixPath(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md"))
    missing_pages = [str(p) for p in pages if not any((site / h).exists() for h in html_for(p))]
    files = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file() and p.suffix != ".md")
    missing_files = [str(p) for p in files if not (site / p).exists()]
    dead = set()
    for built in site.rglob("*.html"):
        for url in LINK.findall(built.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(url)
            target = unquote(parts.path)
            # Other hosts are not ours to check; 404.html links from the root, wherever it is served.
            if parts.scheme or parts.netloc or not target or target.startswith("/"):
                continue
            resolved = (built.parent / target).resolve()
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                dead.add(f"{built.relative_to(site)} -> {target}")
    print(f"## Engine report for {out}\n")
    print(f"- pages: {len(pages) - len(missing_pages)} of {len(pages)} built")
    print(f"- other files (assets, schemas, calendars, charts): {len(files) - len(missing_files)} of {len(files)} copied")
    print(f"- internal links to nothing: {len(dead)}")
    print("- done only by our MkDocs/ProperDocs plugin, so absent from any plugin-less build: the second "
          "sanitising of contributors' HTML, page descriptions from each page's introduction, and edit "
          "links pointing at the data file a page comes from")
    for title, items in (("Pages not built", missing_pages), ("Files not copied", missing_files),
                         ("Dead links (first 50)", sorted(dead)[:50])):
        if items:
            print(f"\n### {title}\n")
            print("\n".join(f"- `{item}`" for item in items))
    return 1 if missing_pages or missing_files or dead else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
