"""Which ticked checklist items the repository's files show, and the course statistics' counts.

The course's checklist says the teachers "will check the repositories and the code" to verify it.
``EVIDENCE`` is that check as data: one entry per kind of checklist item, matched by the item's
module tag (``(M18)``; ``(M2+M6)`` names two) and words, since the wording differs between the
years (2023's items have no tags: they are matched by words alone, the first entry in table order
wins). An entry names the files, Python imports and texts that show the work; an entry without
any is an item files cannot show ("not checkable": team work, settings of GitHub or the cloud).

For each ticked item the result is ``evidence`` (with the first file that shows it), ``none``
(with what was looked for) or ``not checkable``; unticked items are not judged. The repository's
files come from ``repository.list_files``; the report's own folder (``reports/``: the course's
template, its checker and the figures) is never taken as evidence.

A project folder below the top of its git repository (a monorepo; the course's example inside
this tool's repository) also counts the ``ROOT_ONLY`` files git tracks at that top: the tools
that read them look only there (GitHub's workflows, pre-commit's configuration ...). They are
named by their path from the project folder (``../.github/workflows/tests.yml``). When the same
git repository tracks other projects' reports (a course's folder of many groups committed as one
repository) the top is shared and not counted. Everything else is looked for in the project
folder only. Imports no MkDocs.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from .report import Report, checklist_items
from .repository import Listing, TopFiles, git_top, in_git, list_files, report_folder, top_files, top_files_on_disk, walk

EVIDENCE_FOUND, NO_EVIDENCE, NOT_CHECKABLE = "evidence", "none", "not checkable"
MAX_READ_FILES = 2_000
"""Files whose text is read at most per report (a Python file is read once for all items)."""
MAX_READ_BYTES = 20_000_000
"""Bytes of text read at most per report, all files together."""


# A NamedTuple rather than a frozen dataclass: the class is made at import in 0.5 ms instead of
# 1.2 ms (Evidence, RepositoryEvidence, TopFiles and Rule: 2.3 ms of every `mkdocs build`).
class Evidence(NamedTuple):
    """What shows one kind of checklist item.

    ``modules``: the module tags of the items it is for (an item's tag must be one of them; an
    item without a tag is matched by ``words`` alone). ``words``: a regular expression the item's
    text matches (case ignored). Evidence is any of: a file matching one of ``files``, a Python
    file (or notebook) importing one of ``imports`` (a top-level module name), or a file matching
    one of ``within`` whose text matches ``text``. File patterns are globs, case ignored, ``*``
    crossing folders; a pattern without ``/`` is matched against the file's name, one with ``/``
    against its path from the repository folder. ``git``: the folder is in a git repository (a
    folder that is not one cannot show it: not checkable, ``why`` says so).
    ``looked_for``: what was looked for, completing "the repository has no ..."; ``why``: for an
    entry with nothing to look for, why files cannot show it."""

    name: str
    modules: tuple[str, ...]
    words: str
    files: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    text: str | None = None
    within: tuple[str, ...] = ()
    git: bool = False
    looked_for: str = ""
    why: str = ""

    @property
    def checkable(self) -> bool:
        return bool(self.files or self.imports or self.text or self.git)


# File patterns shared by the table and the course statistics' counts.
DOCKERFILES = ("*dockerfile*", "containerfile*", "dockerfiles/*")
WORKFLOWS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
DVC_FILES = ("*.dvc", "dvc.yaml", "dvc.lock", ".dvc/config")
CLOUDBUILD_FILES = ("cloudbuild*.yml", "cloudbuild*.yaml")
TEST_FILES = ("test_*.py", "*_test.py")
REQUIREMENTS_FILES = ("requirements*.txt",)
PYTHON_FILES = ("*.py",)
DEPENDENCY_FILES = (*REQUIREMENTS_FILES, "pyproject.toml", "uv.lock", "poetry.lock", "Pipfile", "setup.py",
                    "setup.cfg", "environment.yml", "environment.yaml")
CODE = ("*.py", "*.ipynb")
CODE_AND_SETTINGS = (*CODE, "*.yml", "*.yaml", "*.toml", "*.cfg", "*.ini", "*.txt", "*.json", "*.sh", "Makefile",
                     "Dockerfile*", "*.dockerfile")

ROOT_ONLY = (*WORKFLOWS, ".pre-commit-config.yaml", ".pre-commit-config.yml", ".dvc/config", ".gitlab-ci.yml",
             "azure-pipelines.yml", "codecov.yml", "codecov.yaml")
"""The table's files that their tools read only at the top of the git repository: GitHub Actions
(``.github/workflows/``), pre-commit, DVC's configuration (where ``dvc init`` ran without
``--subdir``), GitLab CI, Azure Pipelines and Codecov by default. As git pathspec globs: ``*``
stays within one folder, case counts."""

COUNTED: dict[str, tuple[str, ...]] = {
    "dockerfiles": DOCKERFILES,
    "workflow_files": WORKFLOWS,
    "dvc_files": DVC_FILES,
    "cloudbuild_files": CLOUDBUILD_FILES,
    "test_files": TEST_FILES,
    "requirements_files": REQUIREMENTS_FILES,
    "python_files": PYTHON_FILES,
}
"""The counts per repository of the course's statistics script (and two more), by file pattern."""

_TEAM = "team work shows in how the group works, not in the repository's files"
_CLOUD = "it is set up in the cloud's console, which the repository's files do not show"

# In table order: an item is matched by the first entry whose module and words fit it, so an
# entry whose words another item also has comes before that item's entry (Hydra before
# configuration files: "Used Hydra to load the configurations"). The module tag keeps most items
# apart; the order matters for 2023's untagged items.
EVIDENCE: tuple[Evidence, ...] = (
    Evidence(name="git-repository", modules=("M5",), words=r"\bgit repositor", git=True,
             why="the folder is not a git repository here (a downloaded copy, e.g. a ZIP, has no .git)"),
    Evidence(name="write-access", modules=("M5",), words=r"write access",
             why="who may push is a setting of GitHub, not a file"),
    Evidence(name="cookiecutter", modules=("M6",), words=r"cookiecutter",
             why="a template leaves no file that shows it was used"),
    # Entries whose words other items share come first, generic words (docker, environment, log) last.
    Evidence(name="data-trigger", modules=("M19",), words=r"data change|changes to the data|trigger[^()]*\bdata\b",
             text=r"\bdvc\b|\.dvc\b|paths:", within=WORKFLOWS,
             looked_for="workflow in .github/workflows that runs on changes to the data (paths:, dvc)"),
    Evidence(name="registry-trigger", modules=("M19",), words=r"registry",
             text=r"repository_dispatch|registry", within=WORKFLOWS,
             looked_for="workflow in .github/workflows run by the model registry (repository_dispatch)"),
    Evidence(name="bucket", modules=("M21",), words=r"bucket|data storage",
             text=r"gs://|google\.cloud import storage|storage\.Client", within=(".dvc/config", *CODE_AND_SETTINGS),
             looked_for="GCP bucket (gs://) in .dvc/config or the code"),
    Evidence(name="image-build-trigger", modules=("M21",), words=r"trigger|automatically build|build[^()]*automatically",
             files=CLOUDBUILD_FILES,
             text=r"docker build|docker/build-push-action|gcloud builds|docker push|buildx", within=WORKFLOWS,
             looked_for="cloudbuild*.yaml and no workflow that builds a Docker image"),
    Evidence(name="cloud-training", modules=("M21",), words=r"vertex|compute engine|\bengine\b|training in gcp",
             files=("*vertex*",),
             text=r"vertex|aiplatform|workerPoolSpecs|custom-jobs|gcloud compute|compute engine",
             within=(*CODE_AND_SETTINGS, "*.md"),
             looked_for="Vertex AI or Compute Engine job (aiplatform, gcloud compute ...)"),
    Evidence(name="data-code", modules=("M6",), words=r"data\.py|make_dataset|dataset\.py",
             files=("*data*.py",), looked_for="Python file with 'data' in its name (data.py, dataset.py ...)"),
    Evidence(name="model-code", modules=("M6",), words=r"model\.py|train\.py|model file|training script",
             files=("*model*.py", "*train*.py"), looked_for="Python file with 'model' or 'train' in its name"),
    Evidence(name="code-style", modules=("M7",), words=r"pep8|coding practice|coding style",
             why="following a style shows in all of the code, not in one file"),
    Evidence(name="typing", modules=("M7",), words=r"typing|type hints?",
             why="typing and documenting show in all of the code, not in one file"),
    Evidence(name="data-version-control", modules=("M8",),
             words=r"version control for your data|data[^()]*version control|version control[^()]*data|\bdvc\b",
             files=DVC_FILES, looked_for="DVC file (.dvc/config, *.dvc, dvc.yaml)"),
    Evidence(name="command-line", modules=("M9",), words=r"command line|\bcli\b|project commands",
             files=("tasks.py", "Makefile", "justfile"), imports=("typer", "click", "argparse", "fire", "invoke"),
             text=r"\[project\.scripts\]|\[tool\.poetry\.scripts\]", within=("pyproject.toml",),
             looked_for="command line (typer, click, argparse, tasks.py, Makefile, [project.scripts])"),
    Evidence(name="hydra", modules=("M11",), words=r"hydra", imports=("hydra",),
             looked_for="Python file that imports hydra"),
    Evidence(name="configuration-files", modules=("M11",), words=r"configuration|config files?",
             files=("*conf*/*.yml", "*conf*/*.yaml", "*conf*/*.json", "*conf*/*.toml", "config*.yml", "config*.yaml",
                    "*_config*.yml", "*_config*.yaml", "config*.json", "config*.toml"),
             looked_for="configuration file (configs/*.yaml, config*.yaml)"),
    Evidence(name="profiling", modules=("M12",), words=r"profil",
             files=("*.prof", "*profil*"),
             text=r"cProfile|torch\.profiler|line_profiler|memory_profiler|pyinstrument|snakeviz|scalene|pstats",
             within=(*CODE_AND_SETTINGS, "*.md"),
             looked_for="profiler in the code or notes (cProfile, torch.profiler, line_profiler ...)"),
    Evidence(name="weights-and-biases", modules=("M14",), words=r"weights ?(?:&|and) ?biases|wandb|w&b",
             imports=("wandb",), text=r"\bWandbLogger\b", within=CODE,  # Lightning's logger for W&B
             looked_for="Python file that imports wandb (or Lightning's WandbLogger)"),
    Evidence(name="sweep", modules=("M14",), words=r"sweep|hyperparameter optimi",
             files=("*sweep*",), imports=("optuna", "hyperopt", "ray"), text=r"sweep|optuna", within=CODE_AND_SETTINGS,
             looked_for="sweep configuration (*sweep*) and no optuna or ray tune"),
    Evidence(name="lightning", modules=("M15",), words=r"lightning", imports=("lightning", "pytorch_lightning"),
             looked_for="Python file that imports lightning or pytorch_lightning"),
    Evidence(name="coverage", modules=("M16",), words=r"coverage|\bcover\b",
             files=(".coveragerc", "codecov.yml", "codecov.yaml"),
             text=r"coverage|pytest-cov|--cov\b", within=(*CODE_AND_SETTINGS, ".coveragerc"),
             looked_for="coverage run or report (coverage, pytest-cov, .coveragerc)"),
    Evidence(name="unit-tests", modules=("M16",), words=r"unit[ -]?tests?", files=TEST_FILES,
             looked_for="test files (test_*.py, *_test.py)"),
    Evidence(name="load-test", modules=("M24",), words=r"load[ -]?test", files=("*locust*",), imports=("locust",),
             looked_for="locustfile or Python file that imports locust"),
    Evidence(name="api-tests", modules=("M24",), words=r"api tests?|tests? (?:for|of) (?:the|your) api|test[^()]*\bapi\b",
             text=r"TestClient|httpx|requests|/predict", within=TEST_FILES,
             looked_for="test file that calls the API (TestClient, httpx, requests)"),
    Evidence(name="ci-caching-matrix", modules=("M17",), words=r"cach|multi-os|operating systems|matrix",
             text=r"cache|matrix", within=WORKFLOWS,
             looked_for="workflow in .github/workflows with a cache or a test matrix"),
    Evidence(name="ci-linting", modules=("M17",), words=r"lint",
             text=r"ruff|flake8|pylint|black|mypy|pre-commit|lint", within=WORKFLOWS,
             looked_for="workflow in .github/workflows that runs a linter (ruff, flake8, pylint, black, mypy)"),
    Evidence(name="pre-commit", modules=("M18",), words=r"pre-?commit",
             files=(".pre-commit-config.yaml", ".pre-commit-config.yml"), looked_for=".pre-commit-config.yaml"),
    Evidence(name="continuous-integration", modules=("M17",), words=r"continuous integration|\bci\b",
             files=(*WORKFLOWS, ".gitlab-ci.yml", "azure-pipelines.yml"),
             looked_for="workflow file (.github/workflows/*.yml)"),
    Evidence(name="fastapi", modules=("M22",), words=r"fastapi", imports=("fastapi",),
             looked_for="Python file that imports fastapi"),
    Evidence(name="torchserve", modules=(), words=r"torchserve", files=("*.mar",),
             text=r"torchserve|torch-model-archiver", within=(*CODE_AND_SETTINGS, "*.md"),
             looked_for="torchserve model archive or command"),
    Evidence(name="cloud-deployment", modules=("M23",), words=r"functions|cloud run|run as the backend",
             text=r"gcloud\s+(?:beta\s+)?(?:run|functions)|deploy-cloudrun|deploy-cloud-functions|functions[_-]framework"
                  r"|run\.app|cloud ?run"
                  # Cloud Build's gcloud step: args ['run', 'deploy', ...], or one '- run' / '- deploy' a line
                  r"""|\[\s*(?:['"]?beta['"]?\s*,\s*)?['"]?(?:run|functions)['"]?\s*,\s*['"]?deploy\b"""
                  r"""|\n[ \t]*-[ \t]*(?:['"]?beta['"]?[ \t]*\n[ \t]*-[ \t]*)?['"]?(?:run|functions)['"]?[ \t]*\n"""
                  r"""[ \t]*-[ \t]*['"]?deploy\b""",
             within=(*CODE_AND_SETTINGS, "*.md"),
             looked_for="Cloud Run or Cloud Functions deployment (gcloud run, functions-framework ...)"),
    Evidence(name="onnx-bentoml", modules=("M25",), words=r"onnx|bentoml", files=("*.onnx", "bentofile.yaml"),
             imports=("onnx", "onnxruntime", "bentoml"), text=r"onnx|bentoml", within=CODE,
             looked_for="ONNX or BentoML in the code"),
    Evidence(name="frontend", modules=("M26",), words=r"frontend|front-end|front end",
             files=("*frontend*", "*frontend*/*", "package.json"),
             imports=("streamlit", "gradio", "dash", "nicegui", "panel"),
             looked_for="frontend (streamlit, gradio, a frontend folder)"),
    Evidence(name="drift", modules=("M27",), words=r"drift",
             imports=("evidently", "nannyml", "alibi_detect", "deepchecks", "torchdrift", "frouros"),
             looked_for="Python file that imports evidently (or nannyml, alibi_detect, deepchecks)"),
    Evidence(name="input-output-collection", modules=("M27",), words=r"collect",
             why="the data a deployed application collects is in the cloud, not in the repository"),
    # "Setup cloud monitoring of your instrumented application": monitoring before the metrics item.
    Evidence(name="cloud-monitoring", modules=("M28",), words=r"monitor", why=_CLOUD),
    Evidence(name="alerts", modules=("M28",), words=r"alert", why=_CLOUD),
    Evidence(name="system-metrics", modules=("M28",), words=r"metrics|instrument",
             imports=("prometheus_client", "prometheus_fastapi_instrumentator", "opentelemetry"),
             text=r"prometheus", within=CODE_AND_SETTINGS,
             looked_for="Python file that imports prometheus_client (or opentelemetry)"),
    Evidence(name="distributed-data-loading", modules=("M29",), words=r"data ?loading",
             text=r"num_workers|DistributedSampler", within=CODE,
             looked_for="data loading with workers (num_workers, DistributedSampler)"),
    Evidence(name="distributed-training", modules=("M30",), words=r"distributed[^()]*training|training pipeline",
             text=r"DistributedDataParallel|torch\.distributed|\bddp\b|accelerate|deepspeed|num_nodes|torchrun",
             within=CODE_AND_SETTINGS,
             looked_for="distributed training (DistributedDataParallel, ddp, accelerate ...)"),
    Evidence(name="quantization", modules=("M31",), words=r"quantiz|pruning|compil",
             text=r"quantiz|torch\.compile|prune|pruning", within=CODE,
             looked_for="quantization, torch.compile or pruning in the code"),
    Evidence(name="pages", modules=("M32",), words=r"github pages|publish",
             text=r"gh-deploy|gh-pages|deploy-pages|upload-pages-artifact", within=WORKFLOWS,
             looked_for="workflow in .github/workflows that publishes to GitHub Pages (mkdocs gh-deploy ...)"),
    Evidence(name="documentation", modules=("M32",), words=r"documentation",
             files=("mkdocs.yml", "mkdocs.yaml", "docs/conf.py", "conf.py"),
             looked_for="mkdocs.yml (or a Sphinx conf.py)"),
    # The most general words: any item that also has a more specific one matched it above.
    Evidence(name="dependencies", modules=("M2", "M6"), words=r"environment|requirements|pyproject|dependenc",
             files=DEPENDENCY_FILES, looked_for="requirements*.txt, pyproject.toml, uv.lock or environment.yml"),
    Evidence(name="dockerfiles", modules=("M10",), words=r"docker|image|container",
             files=DOCKERFILES, looked_for="Dockerfile (Dockerfile, *.dockerfile, dockerfiles/)"),
    Evidence(name="logging", modules=("M14",), words=r"logging|\blog\b[^()]*events?",
             imports=("logging", "loguru", "structlog"), looked_for="Python file that imports logging or loguru"),
    # Items without a module tag (Extra, and every item of 2023) that files cannot show.
    Evidence(name="project-description", modules=(), words=r"revisit|project description|project plan", why=_TEAM),
    Evidence(name="architecture-diagram", modules=(), words=r"diagram",
             why="the diagram belongs in the report itself (its own question)"),
    Evidence(name="understanding", modules=(), words=r"understand", why=_TEAM),
    Evidence(name="code-on-github", modules=(), words=r"github",
             why="what was pushed is seen on GitHub, not in the local files"),
)

_TAG = re.compile(r"\(\s*(M\d+(?:\s*[+,/&]\s*M\d+)*)\s*\)")


# A NamedTuple: see engine.QuestionResult.
class ItemEvidence(NamedTuple):
    """One ticked item judged: its ``line`` in the report (1-based) and ``item`` text; ``status``
    EVIDENCE_FOUND (``file``: the first file that shows it, relative to the repository folder,
    so one at the top of the git repository above it starts with ``../``; ``git``-only entries
    give the repository's ``.git``), NO_EVIDENCE (``looked_for``: what was looked for) or
    NOT_CHECKABLE (``why``); ``entry``: the name of the table's entry (items no entry fits are
    not judged). ``untracked``: for NO_EVIDENCE in a git repository, a file in the folder that
    would show it but git does not track (untracked or ignored), else None."""

    line: int
    item: str
    status: str
    entry: str = ""
    file: str | None = None
    looked_for: str | None = None
    why: str | None = None
    untracked: str | None = None


# A NamedTuple rather than a frozen dataclass: the class is made at import in 0.35 ms instead of
# 0.8 ms (Evidence, RepositoryEvidence, TopFiles and Rule: 2.3 ms of every `mkdocs build`).
class RepositoryEvidence(NamedTuple):
    """The evidence for one report. ``folder``: the repository folder (absolute). ``git``: its
    files are those git tracks. ``truncated``/``note``: as ``repository.Listing`` (the note also
    says when more than MAX_READ_FILES files or MAX_READ_BYTES would have been read). ``items``: the ticked items in
    order. ``counts``: COUNTED's name -> number of files (the ``ROOT_ONLY`` ones at the git top above
    the folder counted too when they count as evidence)."""

    folder: str
    git: bool
    truncated: bool
    note: str | None
    items: tuple[ItemEvidence, ...]
    counts: dict[str, int]

    def to_dict(self) -> dict:
        """The JSON output's ``checklist.evidence`` (report.schema.json)."""
        return {
            "git": self.git,
            "truncated": self.truncated,
            "note": self.note,
            "counts": dict(self.counts),
            "items": [
                {"line": i.line, "item": i.item, "status": i.status, "entry": i.entry, "file": i.file,
                 "looked_for": i.looked_for, "why": i.why, "untracked": i.untracked}
                for i in self.items
            ],
        }

    @property
    def missing(self) -> tuple[ItemEvidence, ...]:
        """The ticked items without evidence."""
        return tuple(item for item in self.items if item.status == NO_EVIDENCE)


def tags(item: str) -> set[str]:
    """The module tags of an item's text: '(M2+M6)' -> {'M2', 'M6'}."""
    return {tag for group in _TAG.findall(item) for tag in re.findall(r"M\d+", group)}


# Pure functions of their argument, remembered: a course's reports share their items' texts and
# every report the patterns (a check of 1,000 student repositories: evidence 10 -> 3 ms a report).
@lru_cache(maxsize=4096)
def entry_for(item: str) -> Evidence | None:
    """The table's entry for an item's text (see the module's docstring), or None."""
    item_tags = tags(item)
    # ASCII text (every item of the course's template) is matched lower-cased, as _searcher does
    # (its docstring gives the gain): plain words with ``in``, no pattern compiled, the others
    # without IGNORECASE (compiled faster); other text keeps re's case rules (they also fold
    # e.g. 'ſ' to 's').
    low = item.lower() if item.isascii() else None
    for entry in EVIDENCE:
        if item_tags and item_tags.isdisjoint(entry.modules):
            continue
        # a pattern is compiled when first tried (re keeps it): all 50 at import cost every start
        # ~5 ms, even with no ticked item or no repository to judge
        if low is None:
            found = re.search(entry.words, item, re.IGNORECASE)
        elif (phrases := _plain_words(entry.words)) is not None:
            found = any(phrase in low for phrase in phrases)
        else:
            found = re.search(entry.words.lower(), low)
        if found:
            return entry
    return None


@lru_cache(maxsize=None)
def _plain_words(words: str) -> tuple[str, ...] | None:
    """``words`` split at '|' and lower-cased when each part is plain words (ASCII letters,
    digits, spaces, '-', '&'): matched with ``in``, no pattern compiled (30 of the table's ~50);
    None for any other syntax."""
    if all(c.isascii() and (c.isalnum() or c in " -&|") for c in words):
        return tuple(words.lower().split("|"))
    return None


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern:
    """A glob as a regular expression over lines joined as "\\n" + "\\n".join(lines) + "\\n"
    (lower case): each match lies in one line and ends in it or at its end. A leading or trailing
    ``*`` leaves that end open rather than matching it, so most patterns start with a literal and
    the scan of 100,000 paths takes milliseconds, not a second."""
    pattern = pattern.lower()
    start = "" if pattern.startswith("*") else "\n"
    end = "" if pattern.endswith("*") else "(?=\n)"
    body = "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern.strip("*"))
    return re.compile(start + body + end)


# An import statement: a line of Python, or a notebook's JSON string of one ('"import x\n",').
# Group 1: the package of ``from a.b import c`` (a); group 2: the list of ``import a.b, c as d``.
# One pattern for every module, the names it finds compared as a set: a pattern per entry, its
# modules written in, cost ~1.4 ms of compiling in every `mkdocs build` (this one ~0.2 ms).
_IMPORT = re.compile(
    r'^[ \t]*"?[ \t]*(?:from[ \t]+(\w+)(?:\.[\w.]+)?[ \t]+import\b|import[ \t]+((?:[\w.]+[ \t]*,[ \t]*)*[\w.]+))',
    re.MULTILINE,
)


def imported(text: str) -> set[str]:
    """The top-level modules a Python file (or notebook) imports: ``from a.b import c`` -> a;
    ``import a.b, c as d`` -> a, c."""
    names = set()
    for m in _IMPORT.finditer(text):
        if m.group(1) is not None:
            names.add(m.group(1))
        else:
            names.update(item.strip().split(".")[0] for item in m.group(2).split(","))
    return names


def _importer(modules: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a file's text imports one of ``modules`` (top-level names)."""
    wanted = frozenset(modules)
    return lambda text: not wanted.isdisjoint(imported(text))


def _searcher(pattern: str) -> Callable[[str], bool]:
    """Whether a file's text matches ``pattern``, case ignored, given the text as ``_Files.lowered``
    gives it. ASCII text (nearly all code) comes lower-cased and is searched with the pattern
    lower-cased, without re's IGNORECASE: the search then skips ahead to the pattern's first
    letters rather than trying every character. For ASCII text IGNORECASE compares just those
    lower-cased letters (the table's patterns have no upper-case escape such as ``\\S``, see
    tests/test_evidence.py); other text keeps it. With ``entry_for``'s the same: the evidence of
    the bundled example's first check 11.7 -> 9.3 ms of CPU (text searches 3.9 -> 2.6 ms, items
    matched 3.5 -> 2.4 ms), the plugin's handlers in a build of it 28.8 -> 26.4 ms (medians of 16
    builds each; its own CPU ~45 ms)."""
    lowered = re.compile(pattern.lower()).search
    return lambda text: (lowered(text) if text.isascii() else re.search(pattern, text, re.IGNORECASE)) is not None


class _Files:
    """The listing's paths (the report's own folder left out), and their names, each joined one
    per line in lower case, so that a pattern is one scan of a string (a pattern with ``/`` is
    matched against paths, one without against names); the texts read so far, each file once."""

    def __init__(self, listing: Listing, skip: str):
        self.listing = listing
        self.paths = [p for p in listing.paths if "\n" not in p and "\r" not in p and not _under(p, skip)]
        self.joined_paths = "\n" + "\n".join(self.paths).lower() + "\n"
        self.joined_names = "\n" + "\n".join(p.rpartition("/")[2] for p in self.paths).lower() + "\n"
        self.starts = {}  # joined string -> offset of each of its lines, worked out when first needed
        # '*.py' and 'Makefile' match most files of a large repository: looked up, not scanned
        self.by_name: dict[str, list[int]] = {}
        self.by_extension: dict[str, list[int]] = {}
        for i, path in enumerate(self.paths):
            name = path.rpartition("/")[2].lower()
            self.by_name.setdefault(name, []).append(i)
            self.by_extension.setdefault(name.rpartition(".")[2] if "." in name else "", []).append(i)
        self.matched: dict[tuple[str, ...], list[int]] = {}
        self.texts: dict[str, str | None] = {}
        self.lowered_texts: dict[str, str] = {}
        self.read_bytes = 0
        self.read_cut = False

    def _lines(self, pattern: str):
        """Indexes (into ``paths``) of the lines that match ``pattern``, in order, possibly repeated."""
        low = pattern.lower()
        if "/" not in low and "?" not in low:
            if "*" not in low:
                yield from self.by_name.get(low, ())
                return
            if low.startswith("*.") and "*" not in low[1:] and "." not in low[2:]:
                yield from self.by_extension.get(low[2:], ())
                return
        joined = self.joined_paths if "/" in pattern else self.joined_names
        if joined not in self.starts:
            offsets, at = [], 0
            for line in joined[1:-1].split("\n"):
                offsets.append(at + 1)
                at += len(line) + 1
            self.starts[joined] = offsets
        starts = self.starts[joined]
        for found in _glob(pattern).finditer(joined):
            yield bisect_right(starts, found.end() - 1 if found.end() > found.start() else found.end()) - 1

    def first(self, patterns: tuple[str, ...]) -> str | None:
        firsts = [next(self._lines(p), None) for p in patterns]
        found = min((i for i in firsts if i is not None), default=None)
        return None if found is None else self.paths[found]

    def matching(self, patterns: tuple[str, ...]) -> list[int]:
        """Indexes of the paths that match any of ``patterns``, in order (worked out once per
        tuple of patterns: many entries look into the same files, e.g. all Python files)."""
        if patterns not in self.matched:
            self.matched[patterns] = sorted({i for p in patterns for i in self._lines(p)})
        return self.matched[patterns]

    def count(self, patterns: tuple[str, ...]) -> int:
        return len(self.matching(patterns))

    def lowered(self, path: str) -> str | None:
        """The text of ``path`` (read) in lower case when it is ASCII, else as it is (see ``_searcher``)."""
        text = self.texts[path]
        if text is None or not text.isascii():
            return text
        if path not in self.lowered_texts:
            self.lowered_texts[path] = text.lower()
        return self.lowered_texts[path]

    def first_with(self, patterns: tuple[str, ...], shows: Callable[[str], bool], lowered: bool = False) -> str | None:
        """The first path matching ``patterns`` whose text ``shows`` the evidence, or None;
        ``lowered``: ``shows`` is given the text as ``lowered`` gives it."""
        for i in self.matching(patterns):
            path = self.paths[i]
            if path not in self.texts:
                if len(self.texts) >= MAX_READ_FILES or self.read_bytes >= MAX_READ_BYTES:
                    self.read_cut = True
                    return None
                text_read = self.texts[path] = self.listing.read_text(path)
                self.read_bytes += len(text_read or "")
            content = self.lowered(path) if lowered else self.texts[path]
            if content is not None and shows(content):
                return path
        return None


def _under(path: str, skip: str) -> bool:
    return bool(skip) and (path == skip or path.startswith(skip + "/"))


def _look(entry: Evidence, places: list[tuple[_Files, str]], git_mark: str | None) -> str | None:
    """The first file that shows ``entry``'s evidence, by its path from the project folder, or
    None. ``places``: the files to look in, in order, each with the prefix that names its paths
    from the project folder ('' for the folder, '../' for the git top above it). ``git_mark``:
    the path of the ``.git`` of the folder's repository, None outside git."""
    if entry.git and git_mark:
        return git_mark
    for files, prefix in places:
        shown = files.first(entry.files)
        if shown is not None:
            return prefix + shown
    looks = []
    # a text pattern is compiled only when there are files to search with it
    if entry.imports and any(files.matching(CODE) for files, _ in places):
        looks.append((CODE, _importer(entry.imports), False))
    if entry.text and any(files.matching(entry.within) for files, _ in places):
        looks.append((entry.within, _searcher(entry.text), True))
    for patterns, shows, lowered in looks:
        for files, prefix in places:
            shown = files.first_with(patterns, shows, lowered)
            if shown is not None:
                return prefix + shown
    return None


def judge(report: Report, listing: Listing, skip: str = "reports", top: TopFiles | None = None) -> RepositoryEvidence:
    """Judge the report's ticked checklist items against ``listing``; ``skip``: a folder or file
    (relative to the listing's folder) never taken as evidence, the report's own folder.
    ``top``: the ``ROOT_ONLY`` files at the top of the git repository above the folder
    (``repository.top_files``), counted unless the top also holds other projects' reports."""
    files = _Files(listing, skip)
    git = in_git(listing.folder)
    places = [(files, "")]
    notes = [listing.note]
    above = ""  # the path from the folder to the git top above it, with a trailing '/'
    if top is not None:
        above = os.path.relpath(top.listing.folder, listing.folder).replace(os.sep, "/") + "/"
        notes.append(top.note)
        if top.others and top.listing.paths:
            shown = ", ".join(above + p for p in top.listing.paths[:3]) + (" ..." if len(top.listing.paths) > 3 else "")
            others = above + top.others[0] + (" ..." if len(top.others) > 1 else "")
            notes.append(f"the git repository above the folder also holds other projects' reports ({others}), "
                         f"so the files at its top ({shown}) are not counted for this one")
        elif top.listing.paths:
            places.append((_Files(top.listing, ""), above))
    git_mark = None
    if git:  # the .git named where it is: in the folder, or above it
        outer = git_top(listing.folder)
        git_mark = ".git" if outer is None else os.path.relpath(os.path.join(outer, ".git"), listing.folder)
        git_mark = git_mark.replace(os.sep, "/")
    judged = []
    walked: list[tuple[_Files, str]] | None = None  # every file there, git's or not: walked when first needed
    for item in checklist_items(report):
        if not item.done:
            continue
        entry = entry_for(item.text)
        if entry is None:  # an item the table does not know: not judged
            continue
        if not entry.checkable or (entry.git and not git):  # no .git: a copy cannot show that git was used
            judged.append(ItemEvidence(line=item.line, item=item.text, status=NOT_CHECKABLE, entry=entry.name,
                                       why=entry.why))
            continue
        shown = _look(entry, places, git_mark)
        if shown is not None:
            judged.append(ItemEvidence(line=item.line, item=item.text, status=EVIDENCE_FOUND, entry=entry.name, file=shown))
        else:
            untracked = None
            if listing.git:  # a file there but not committed: say so, rather than that there is none
                if walked is None:
                    walked = [(_Files(walk(listing.folder), skip), "")]
                    if top is not None and not top.others:
                        walked.append((_Files(top_files_on_disk(top.listing.folder, ROOT_ONLY), ""), above))
                untracked = _look(entry, walked, git_mark)
            judged.append(ItemEvidence(line=item.line, item=item.text, status=NO_EVIDENCE, entry=entry.name,
                                       looked_for=entry.looked_for, untracked=untracked))
    if files.read_cut:
        notes.append(f"only the text of the first {len(files.texts):,} files was read")
    counts = {name: sum(f.count(patterns) for f, _ in places) for name, patterns in COUNTED.items()}
    return RepositoryEvidence(listing.folder, listing.git, listing.truncated, "; ".join(filter(None, notes)) or None,
                              tuple(judged), counts)


def look_at(report: Report, path: str | os.PathLike, base_dir: str | os.PathLike | None,
            root: str | os.PathLike | None) -> RepositoryEvidence | None:
    """The evidence for a report at ``path`` in ``base_dir`` (its folder) of the repository
    ``root``, or None when either is unknown or the report has no repository folder. A folder
    git lists whose git top lies above it also counts the ``ROOT_ONLY`` files git tracks there."""
    if base_dir is None or root is None:
        return None
    folder = report_folder(base_dir, root)
    if folder is None or not os.path.isdir(folder):
        return None
    base = os.path.abspath(base_dir)
    if os.path.basename(base) == "reports":
        skip = "reports"
    else:  # the report file itself
        skip = os.path.relpath(os.path.join(base, os.path.basename(os.fspath(path))), folder).replace(os.sep, "/")
    listing = list_files(folder)
    return judge(report, listing, skip, top_files(folder, ROOT_ONLY) if listing.git else None)


def reference_table() -> str:
    """The table as Markdown for the documentation (docs/rules.md): one row per entry, its
    modules, and the evidence looked for or why files cannot show it."""
    rows = ["| Items | Modules | Evidence looked for (any of) |", "| --- | --- | --- |"]
    for entry in EVIDENCE:
        if entry.git:
            shown = f"the folder is a git repository (`.git`); else not checkable: {entry.why}"
        elif entry.checkable:
            parts = [", ".join(f"`{p}`" for p in entry.files)] if entry.files else []
            if entry.imports:
                parts.append("a Python file or notebook that imports " + ", ".join(f"`{m}`" for m in entry.imports))
            if entry.text:
                where = ", ".join(f"`{p}`" for p in entry.within)
                parts.append(f"a file ({where}) whose text matches `{entry.text}`")
            shown = "; ".join(parts)
        else:
            shown = f"not checkable: {entry.why}"
        modules = ", ".join(entry.modules) or "(no tag)"
        rows.append(f"| `{entry.name}` | {modules} | {shown} |")
    return "\n".join(rows) + "\n"
