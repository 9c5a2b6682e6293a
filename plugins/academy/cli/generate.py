"""`academy generate --out DIR`: the whole site as plain files, for an engine that runs no MkDocs plugin.

DIR gets `docs/` (the hand-written pages plus every generated page, file and asset), `overrides/`
(our theme templates) and an `mkdocs.yml` without the academy plugin. Any engine that reads
mkdocs.yml and Markdown (MkDocs, ProperDocs, Zensical) can build it. What only the plugin does at
build time is left out: contributors' HTML is not sanitised a second time (`academy validate` has
already refused scripts), and pages get no automatic description.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import get_files
from mkdocs.utils import yaml_load

from academy.adapter.plugin import THEME_DIR, AcademyPlugin
from academy.site.dialect import missing_from
from academy.site.sanitize import fill_slots

#: Marks a folder this command wrote, so it may replace it next time and nothing else.
MARKER = ".academy-generated"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("generate", help="write the whole site as plain Markdown for any engine")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it was written here before)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        print(f"academy generate: {args.out} is not empty and was not written by academy generate; "
              "choose another folder", file=sys.stderr)
        return 1
    try:
        config = load_config(str(args.root / "mkdocs.yml"))
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}-") as staging:
            pages = export(config, Path(staging))
            # Written in full before it replaces the old folder: never a half-written site.
            if out.exists():
                shutil.rmtree(out)
            Path(staging).rename(out)
            Path(staging).mkdir()  # for TemporaryDirectory's own clean-up
    except MkDocsException as error:
        print(f"academy generate: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: {pages} generated pages; build it with e.g. `mkdocs build -f {args.out / 'mkdocs.yml'}`")
    return 0


def export(config: MkDocsConfig, out: Path) -> int:
    """Run the plugins' steps up to the list of files, as a build would, and write every file they add.

    Returns the number of generated pages.
    """
    plugin = config.plugins["academy"]
    assert isinstance(plugin, AcademyPlugin)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    written = {file.src_uri for file in files}
    files = config.plugins.on_files(files, config=config)
    plugin.finish_files()
    docs = out / "docs"
    shutil.copytree(config.docs_dir, docs)
    for file in files:
        if file.src_uri in written:
            continue
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        page = plugin.generated.get(file.src_uri)
        if page is None:
            target.write_bytes(file.content_bytes)
        else:
            markdown = plugin.tokens.fill(fill_slots(file.content_string, page.slots))
            target.write_text(_with_title(markdown, page.title), encoding="utf-8")
    shutil.copytree(THEME_DIR, out / "overrides")
    hidden = sorted(path for path, page in plugin.generated.items() if not page.in_nav)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(_plain_config(config, hidden), sort_keys=False,
                                                   allow_unicode=True), encoding="utf-8")
    (out / MARKER).write_text("Written by `academy generate`; replaced by its next run.\n", encoding="utf-8")
    return len(plugin.generated)


def _with_title(markdown: str, title: str) -> str:
    """The page's title in its front matter, as the plugin sets it at build time."""
    line = "title: " + yaml.safe_dump(title, default_style='"', width=10_000).strip()
    if markdown.startswith("---\n"):
        return f"---\n{line}\n{markdown[4:]}"
    return f"---\n{line}\n---\n{markdown}"


def _plain_config(config: MkDocsConfig, hidden: list[str]) -> dict[str, Any]:
    """The project's mkdocs.yml as written, minus our plugin, plus what the plugin adds at build time."""
    assert config.config_file_path is not None
    with open(config.config_file_path, "rb") as file:
        raw: dict[str, Any] = yaml_load(file) or {}
    raw.pop("INHERIT", None)
    raw["docs_dir"] = "docs"
    raw["site_dir"] = "site"
    raw["plugins"] = [p for p in raw.get("plugins", []) if p != "academy" and not (isinstance(p, dict) and "academy" in p)]
    theme = raw.get("theme") or {}
    raw["theme"] = {**({"name": theme} if isinstance(theme, str) else theme), "custom_dir": "overrides"}
    extensions = list(raw.get("markdown_extensions") or [])
    raw["markdown_extensions"] = extensions + missing_from(extensions)
    raw["extra_css"] = list(config.extra_css)
    raw["extra_javascript"] = [str(script) for script in config.extra_javascript]
    raw["not_in_nav"] = "".join(f"/{path}\n" for path in hidden)
    return raw
