"""The MkDocs adapter: wires the core (load -> model -> pages) into MkDocs' build events. Thin by design."""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.utils.templates import TemplateContext
from mkdocs.structure.pages import Page

from academy.cachedir import prune_unused, user_cache_dir
from academy.site.charts import RUNTIME_FILE, chart_runtime, release as release_charts, warm_up_if_cold
from academy.source.checkstore import CheckStore
from academy.adapter.config import AcademyConfig
from academy.adapter.livereload import allow_live_reload
from academy.adapter.parallel import KNOWN_PLUGINS, HelpedStore, Helpers, helpers_for
from academy.adapter.rendercache import RenderCache, engine_module
from academy.adapter.renderstore import DiskStore, MemoryStore, Store
from academy.adapter.searchcache import SearchCache
from academy.adapter.staging import StagedSite, strict_warnings_counted
from academy.adapter.urls import mkdocs_urls
from academy.source.files import PARSED, SourceDirs, refusal
from academy.source.library import load_library
from academy.model import Library
from academy.site.pages.common import GeneratedPage, SiteOptions
from academy.source.problems import DataError, display_path, report
from academy.site.csp import with_script_hashes
from academy.site.dialect import missing_from
from academy.site.links import SiteSource, link_problems
from academy.site.sanitize import fill_slots, sanitise
from academy.site.deferred import Tokens
from academy.site.generate import generate
from academy.site.sitecache import Keeping, keep_site, kept_site, site_key
from academy.source.history import read_history
from academy.site.describe import introduction, shorten
from academy.site.repository import Repository, from_mkdocs

if TYPE_CHECKING:  # only `mkdocs serve` needs it; a build need not import the server (watchdog, wsgiref, ssl)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.academy")

ASSET_DIR = "assets/academy"
STYLESHEETS = ("academy.css", "tools.css", "cards.css")
# In this order: page-data.js and tools.js are used by the scripts after them.
SCRIPTS = ("page-data.js", "library.js", "charts.js", "tools.js", "assessment.js", "tool-change.js", "tool-map.js",
           "tool-pathway.js", "schedule.js", "propose-rules.js", "propose.js",
           "team-results.js")
#: Scripts the theme loads in the head (theme/main.html), before Material's inline page scripts.
HEAD_SCRIPTS = ("storage-guard.js",)
#: Our Jinja overrides of Material's templates (titles, meta tags), searched before the theme's own.
THEME_DIR = str(resources.files("academy.site").joinpath("theme"))


class AcademyPlugin(BasePlugin[AcademyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dirs: SourceDirs | None = None
        self.library: Library | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.docs_prefix = "docs/"
        self.repository: Repository | None = None
        self.runtime = b""
        self.command = "build"
        self.dirty = False
        self.staged: StagedSite | None = None
        self.config_of_build: MkDocsConfig | None = None
        #: Tokens in this build's pages and files for charts still being made (site/deferred.py),
        #: and the files that hold some: filled once every page's Markdown is converted.
        self.tokens = Tokens()
        self.unfinished_files: list[File] = []
        #: This build's generated site, on its way into the cache for the next build.
        self.keeping: Keeping | None = None
        #: The last build's HTML and search entries of pages that did not change: kept in the user cache
        #: between builds, in memory while serving.
        self.page_store = HelpedStore(MemoryStore())
        self.render_cache = RenderCache(self.page_store)
        self.search_cache = SearchCache(self.page_store)
        #: Processes converting generated pages from the far end while the engine converts them in turn, then
        #: indexing them for search while the engine writes them (adapter/parallel.py).
        self.converting = Helpers()
        self.indexing = Helpers()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Also makes MkDocs keep this plugin between the rebuilds of `mkdocs serve`.
        self.command, self.dirty = command, dirty
        self._keep_pages_in(MemoryStore())

    @property
    def keeps_pages(self) -> bool:
        """Whether builds reuse what the last build made of unchanged pages: not with --dirty (which the
        engine builds from changed files only)."""
        return not self.dirty

    def _keep_pages_in(self, store: Store) -> None:
        self.page_store = HelpedStore(store)
        self.render_cache = RenderCache(self.page_store)
        self.search_cache = SearchCache(self.page_store)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` builds into a folder of its own and keeps serving the last good build.
        if self.config.jobs is not None and self.config.jobs < 1:
            raise PluginError(f"The academy option 'jobs' is {self.config.jobs}: it counts processes, so it "
                              "must be 1 or more (1 converts pages in turn, in the build's own process).")
        self.staged = StagedSite(Path(config.site_dir)) if self.command != "serve" else None
        if self.staged is not None:
            self.config_of_build = config
            config.site_dir = str(self.staged.begin(keep_previous=self.dirty))
        root = Path(config.config_file_path or ".").resolve().parent
        self.dirs = SourceDirs(root, root / self.config.patterns_dir, root / self.config.cohorts_dir,
                               root / self.config.data_dir)
        self.docs_prefix = display_path(Path(config.docs_dir), root) + "/"
        self.repository = _repository(config, self.docs_prefix)
        if self.command != "serve" and self.keeps_pages:  # a server keeps them in memory
            self._keep_pages_in(DiskStore(user_cache_dir() / "renders", str(root)))
        if THEME_DIR not in config.theme.dirs:  # after a site's own custom_dir, so a site can override us
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_DIR)
        # The core's Markdown dialect (site/dialect.py), so pages read as `academy validate` read them;
        # a site's own options for an extension (mkdocs.yml) are kept.
        config.markdown_extensions.extend(missing_from(config.markdown_extensions))
        config.extra_css.extend(f"{ASSET_DIR}/{name}" for name in STYLESHEETS
                                if f"{ASSET_DIR}/{name}" not in config.extra_css)
        for name in SCRIPTS:
            if f"{ASSET_DIR}/{name}" not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(f"{ASSET_DIR}/{name}")
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site/: failing here leaves the previous site as it was.
        assert self.dirs is not None
        runtime = chart_runtime()
        if runtime is None:
            raise PluginError(f"The chart runtime ({RUNTIME_FILE}) is not built. Run `make build` or "
                              "`make serve`, which build it from npm packages (Node.js is needed).")
        self.runtime = runtime
        self.page_store.start_build()
        self.render_cache.start_build()
        if self.keeps_pages:
            self.search_cache.take_over(config, volatile=lambda: self.tokens.prefix)
        warm_up_if_cold(user_cache_dir())
        try:
            with PARSED.session(CheckStore(self.dirs.root)):
                self.library = load_library(self.dirs)
        except DataError as error:
            raise PluginError("Data files have problems:\n" + report(error.problems)) from None
        finally:
            log.info("Academy: %d data files read, %d unchanged since the last build", PARSED.read, PARSED.reused)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.library is not None and self.dirs is not None
        # MkDocs follows links in docs/ too: refuse any that lead out of the project before it reads them.
        docs = Path(config.docs_dir)
        refused = [f"{self.docs_prefix}{file.src_uri}: {reason}" for file in files
                   if file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs)
                   and (reason := refusal(Path(file.abs_src_path), self.dirs.root))]
        if refused:
            raise PluginError("Files in the docs folder cannot be used:\n" + "\n".join(refused))
        options = SiteOptions(url=mkdocs_urls(config.use_directory_urls),
                              repository=self.repository, site_url=config.site_url or "",
                              today=self.config.today or date.today(), cache_dir=user_cache_dir())
        assert self.dirs is not None
        library, self.library = self.library, None  # the pages will hold all MkDocs needs; free the data
        history = read_history(self.dirs.root, self.dirs.patterns)
        # The site the last build generated, when nothing it was made from has changed since.
        key = site_key(PARSED.inputs, options, "mkdocs-directory-urls" if config.use_directory_urls
                       else "mkdocs-file-urls", history)
        project = str(self.dirs.root.resolve())
        site = kept_site(options.cache_dir, project, key)
        if site is not None:
            log.info("Academy: pages taken from the last build, whose data, options and history were the same")
        else:
            site = generate(library, options, history)
            if self.command != "serve" and options.cache_dir is not None:  # a server's next build follows
                self.keeping = keep_site(options.cache_dir, project, key, site)  # an edit: it would not fit
        self.tokens = site.tokens
        # The Markdown goes into MkDocs' files; keep only what later events need, not a second copy.
        self.generated = {page.path: replace(page, markdown="") for page in site.pages}
        clashes = [p for p in self.generated if files.get_file_from_path(p) is not None]
        if clashes:
            raise PluginError("These pages are generated from data, so docs/ must not hold them too: "
                              + ", ".join(sorted(clashes)))
        for page in site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        self.unfinished_files = []
        for generated_file in site.files:
            file = File.generated(config, generated_file.path, content=generated_file.content)
            files.append(file)
            if isinstance(generated_file.content, str) and self.tokens.prefix in generated_file.content:
                self.unfinished_files.append(file)
        assets = resources.files("academy.site").joinpath("assets")
        for name in (*STYLESHEETS, *SCRIPTS, *HEAD_SCRIPTS):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}",
                                        content=assets.joinpath(name).read_bytes()))
        if any(page.charts for page in site.pages):
            files.append(File.generated(config, f"{ASSET_DIR}/{RUNTIME_FILE}", content=self.runtime))
        # Before MkDocs renders a page: a contributor's broken link is reported where it was written.
        problems = link_problems(library, lambda: site_source(files, config.markdown_extensions,
                                                               config.mdx_configs))
        if problems:
            raise PluginError("Data files have problems:\n" + report(problems))
        return files

    @event_priority(-100)  # after other plugins' (the helpers' copies of them are the same from now on)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        pages = [file for file in files.documentation_pages()
                 if file.src_uri in self.generated and not self.page_store.holds("render", file.src_uri)]
        # What the engine does with a page before writing it: a private function of MkDocs and ProperDocs 1.6.
        populate = getattr(engine_module(pages[0], "commands.build"), "_populate_page", None) if pages else None
        self.converting = Helpers()
        if populate is not None:
            self.converting = self._helpers(config, pages, lambda file: self._convert_in_helper(file, config, files,
                                                                                                populate))
        return nav

    def _helpers(self, config: MkDocsConfig, files: list[File], work: Callable[[File], None]) -> Helpers:
        """Helpers doing `work` on these files from the last, if there are enough to be worth it."""
        helpers = Helpers()
        known = all(type(plugin).__module__ in KNOWN_PLUGINS for plugin in config.plugins.values())
        count = helpers_for(self.config.jobs, len(files)) if known and self.keeps_pages else 0
        if count:
            helpers.start(count, self.page_store, files, lambda file: file.src_uri, work)
        return helpers

    def _convert_in_helper(self, file: File, config: MkDocsConfig, files: Files,
                           populate: Callable[[Page, MkDocsConfig, Files], None]) -> None:
        """What the engine does with a page before writing it, then its search entries."""
        # As the engine's build does for a page out of the navigation, with its own Page class.
        page = file.page if file.page is not None else engine_module(file, "structure.pages").Page(None, file, config)
        populate(page, config, files)
        self.search_cache.record(page)
        page.markdown = page.content = None  # recorded: this process need not keep them

    def _index_in_helper(self, file: File) -> None:
        if file.page is not None:
            self.search_cache.record(file.page)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            self.converting.reached(page.file.src_uri)
            # MkDocs has split off the front matter and keeps the body as page.markdown; let the file
            # share that body rather than hold a whole second copy of every page until the build ends.
            page.file.content_string = markdown
            if self.keeps_pages:  # chart tokens differ each build, and are filled in after rendering
                self.render_cache.take_over_render(page, volatile=self.tokens.prefix)
            # MkDocs would point generated pages at docs/; they are edited in their data file, if any.
            source = generated.source if self.repository else None
            page.edit_url = self.repository.edit_url(source) if self.repository and source else None
            # Material writes meta values into the page unescaped; generated titles are plain text.
            page.meta.setdefault("title", escape(generated.title, quote=False))
            if generated.description:
                page.meta.setdefault("description", generated.description)
        return markdown

    @event_priority(-100)  # after other plugins, so nothing is added after sanitising
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Every page has its own description: the one it gives, or its introduction. Material writes
        # it into an attribute without escaping, so it is stored escaped.
        described = str(page.meta.get("description") or "").strip() or introduction(html)
        page.meta["description"] = escape(shorten(described), quote=True) if described else ""
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return html
        if generated.sanitise:
            html = (self.render_cache.cleaned(page.file.src_uri, html, sanitise, volatile=self.tokens.prefix)
                    if self.keeps_pages else sanitise(html))
        return fill_slots(html, generated.slots)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # Every page's Markdown is converted; MkDocs writes the other files next, then the pages.
        self.converting.end()
        self.finish_files()
        if self.search_cache.indexing:
            pages = [file for file in files.documentation_pages() if file.src_uri in self.generated
                     and not self.page_store.holds("search", file.src_uri)]
            self.indexing = self._helpers(config, pages, self._index_in_helper)
        return env

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        self.indexing.reached(page.file.src_uri)
        return context

    def finish_files(self) -> None:
        """Generated files that hold charts (drawings) made complete, waiting for them if need be."""
        for file in self.unfinished_files:
            file.content_string = self.tokens.fill(file.content_string)
        self.unfinished_files = []

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return with_script_hashes(self.tokens.fill(output))

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return with_script_hashes(output_content)  # 404.html

    @event_priority(-1000)  # the very last thing before MkDocs checks the count of strict warnings
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.indexing.end()  # they have stopped, or stop at the page they are on: the engine has indexed all
        if self.keeping is not None:  # before the charts' helper ends: every chart it made is in
            self.keeping.finish()
            self.keeping = None
        self.page_store.finish()
        if self.command != "serve":  # a server keeps the charts' helper for the next save
            release_charts()
        helped = self.page_store.made_by_helpers
        log.info("Academy: %d generated pages converted, %d unchanged since the last build; search entries of %d "
                 "pages kept%s", self.render_cache.rendered + helped["render"], self.render_cache.reused - helped["render"],
                 self.search_cache.reused - helped["search"],
                 f"; helper processes converted {helped['render']} of the pages and indexed {helped['search']}"
                 if helped else "")
        prune_unused()
        if self.staged is None or strict_warnings_counted():
            return  # MkDocs fails the build next, and on_build_error throws the staging folder away
        self.staged.commit()
        config.site_dir = str(self.staged.target)  # `gh-deploy` publishes from here after the build
        self.staged = None

    def on_build_error(self, error: Exception) -> None:
        self.converting.end(at_once=True)
        self.indexing.end(at_once=True)
        self.page_store.drop()
        if self.keeping is not None:
            self.keeping.drop()
            self.keeping = None
        if self.command != "serve":
            release_charts()
        if self.staged is not None:
            self.staged.discard()
            assert self.config_of_build is not None
            self.config_of_build.site_dir = str(self.staged.target)
            self.staged = None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig,
                 builder: Callable[..., object]) -> LiveReloadServer:
        assert self.dirs is not None
        for folder in self.dirs.watched():
            if folder.is_dir():
                server.watch(str(folder))
        allow_live_reload(server)  # else the pages' policy blocks the server's reload script
        return server


def site_source(files: Files, extensions: list[Any], extension_configs: dict[str, Any]) -> SiteSource:
    """The site as MkDocs will build it, for the core's check of contributors' links."""
    def read(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.content_string if file is not None else None
    return SiteSource({file.src_uri for file in files}, read, list(extensions), dict(extension_configs))


def _repository(config: MkDocsConfig, docs_prefix: str) -> Repository | None:
    """The repository named once in mkdocs.yml (repo_url, edit_uri); a placeholder is warned about."""
    try:
        repository = from_mkdocs(config.repo_url, config.edit_uri, docs_prefix)
    except ValueError as error:
        raise PluginError(str(error)) from None
    if repository is None:
        log.info("Academy: mkdocs.yml sets no repo_url, so pages have no edit links and proposals "
                 "can only be downloaded")
    elif repository.placeholder:
        log.warning("Academy: repo_url '%s' looks like a placeholder: edit links and proposals would "
                    "go nowhere. Set repo_url in mkdocs.yml to the repository the site is built from.",
                    repository.url)
    return repository
