"""A factory of exam reports for tests: any template edition, our own wording, chosen defects.

    spec = ReportSpec(edition="2026")          # passes every check, no findings
    spec = ReportSpec("2025", revision=None)   # a dated revision: None is the year's first,
                                               # "2025-01-08" ..., "latest" (the default) its last
    spec.answers[5] = "short"                  # override one answer (None: the placeholder)
    spec.drop_answer_line(10).todo(6, "TODO")  # defects, applied when the report is built
    text = build_report(spec)
    readme = write_repo(tmp_path, spec)        # tmp_path/reports/README.md and its figures

The structure follows the course template (sections, quoted prompts, `> Answer:`); every word of
prose here is ours.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_exam_report.editions import EDITIONS, REVISIONS, Edition

# Where the template's "## ..." sections start, by edition: question number -> section title.
SECTIONS = {name: dict(edition.sections) for name, edition in EDITIONS.items()}

CHECKLIST_SECTIONS = {name: edition.checklist for name, edition in EDITIONS.items()}

SENTENCES = [
    "Our service classifies photos of recycling bins so that the city can plan pickups.",
    "We trained a compact convolutional network and tracked every run with clear names.",
    "Each change to the code went through a pull request that two people reviewed.",
    "The container images were rebuilt automatically whenever the main branch moved.",
    "We kept the raw images in a bucket and versioned the processed split separately.",
    "Configuration files held the learning rate, batch size and augmentation choices.",
    "Unit tests covered the data loading, the model shapes and the prediction endpoint.",
    "A small dashboard showed request latency and the share of uncertain predictions.",
    "When a nightly job failed we received a message and fixed the cause the next morning.",
    "Profiling showed that image decoding was slow, so we cached the resized tensors.",
    "The frontend lets a user upload a photo and see the predicted class with its score.",
    "We compared two optimisers and kept the one that converged faster on validation data.",
]

TOPICS = [
    "the group number", "the study numbers", "extra packages", "dependency management",
    "the project structure", "code quality rules", "the tests", "code coverage", "branches and pull requests",
    "data versioning", "continuous integration", "experiment configuration", "reproducibility",
    "experiment tracking", "containers", "debugging", "cloud services", "compute instances",
    "the storage bucket", "the image registry", "the build history", "training in the cloud",
    "the inference API", "deployment", "API testing", "monitoring", "cloud costs", "extra features",
    "the architecture diagram", "the main struggles", "individual contributions",
]
# The 2023 template had no questions on cloud training, the API itself, API tests or extras.
TOPICS_2023 = TOPICS[:21] + [TOPICS[23], TOPICS[25], TOPICS[26], TOPICS[28], TOPICS[29], TOPICS[30]]


def _topic(edition: str, n: int) -> str:
    topics = TOPICS_2023 if edition == "2023" else TOPICS
    return topics[(n - 1) % len(topics)]


def _words(n: int, seed: int) -> str:
    """Exactly n words of our own prose, starting at a question-dependent sentence."""
    words: list[str] = []
    i = seed
    while len(words) < n:
        words.extend(SENTENCES[i % len(SENTENCES)].split())
        i += 1
    text = " ".join(words[:n])
    return text if text.endswith(".") else text.rstrip(",;:") + "."


def _image(n: int, k: int, target: str | None = None, style: str = "markdown") -> str:
    target = target or f"figures/q{n}_{k}.png"
    if style == "link":
        return f"[Screenshot {k}]({target})"
    if style == "html":
        return f'<img src="{target}" alt="Screenshot {k}">'
    if style == "code":  # inside backticks: counted by the course's checker, shown as code
        return f"`![Screenshot {k}]({target})`"
    if style == "fenced":
        return f"```markdown\n![Screenshot {k}]({target})\n```"
    return f"![Screenshot {k}]({target})"


def revision_of(edition: str, since: str | None = "latest") -> Edition:
    """The template revision of ``edition`` that took effect on ``since`` (None: the year's first;
    "latest": its current one)."""
    revisions = REVISIONS[edition]
    if since == "latest":
        return revisions[-1]
    for revision in revisions:
        if revision.since == since:
            return revision
    raise ValueError(f"no revision {since!r} of {edition}: {[r.since for r in revisions]}")


def valid_answer(edition: str, n: int, image_target: str | None = None, image_style: str = "markdown",
                 revision: str | None = "latest") -> str:
    """An answer of ours that meets question n's word and image limits (of that revision)."""
    spec = revision_of(edition, revision).spec(n)
    if n == 1:
        return "42"
    if n == 2:
        return "s123456, s234567, s345678"
    images = [] if spec.images is None else [_image(n, k, image_target, image_style) for k in range(1, spec.images.min + 1)]
    image_words = sum(len(i.split()) for i in images)
    if spec.words is None:
        target = 20
    else:
        target = max((spec.words.min + spec.words.max) // 2 - image_words, 1)
    body = _words(target, n)
    return "\n\n".join([body, *images]) if images else body


def _example(edition: str, n: int) -> str:
    topic = _topic(edition, n)
    return (
        f"For {topic} we chose ... because it let us ... without ... and next time we would "
        f"keep ... but change ..."
    )


EXAMPLES = {name: {n: _example(name, n) for n in range(1, ed.total + 1)} for name, ed in EDITIONS.items()}


# The course's example figures the template's prompts link to, by question (2025 and 2026).
COURSE_FIGURES = {14: "wandb.png", 19: "bucket.png", 20: "registry.png", 21: "build.png", 29: "overview.png"}


def _prompt(edition: str, n: int, revision: str | None = "latest", figures: bool = False) -> list[str]:
    template = revision_of(edition, revision)
    spec = template.spec(n)
    says = {phrase for place, phrase in template.says if place == n}
    if n == 1:
        lines = ["> **Write the number your group signed up with.**"]
    elif n == 2:
        lines = ["> **List the study number of every member of the group.**"]
    elif n == 3 and "third-party" in says:
        lines = ["> **One requirement was to use a third-party package that the course did not teach. Which one did**",
                 "> **you pick, and did it help you finish the project?**"]
    elif n == 3 and "open-source" in says:
        lines = ["> **Did you use open-source frameworks or packages that the course did not cover? Which ones, and**",
                 "> **how did they help?**"]
    elif "generative AI" in says:
        lines = [f"> **Tell us about {_topic(edition, n)}, and say whether and how you used generative AI tools.**"]
    else:
        topic = _topic(edition, n)
        lines = [f"> **Tell us about {topic} in your project: what did you do, and why did you do it that way?**"]
    if figures and edition != "2023" and n in COURSE_FIGURES:
        lines.append(f"> **For an idea of what we mean, look at [this figure](figures/{COURSE_FIGURES[n]}).**")
    if spec.words is not None or spec.images is not None:
        lines.append(">")
        parts = []
        if spec.words is not None:
            parts.append(f"Recommended answer length: {spec.words} words")
        if spec.images is not None:
            shots = f"{spec.images.min} to {spec.images.max} screenshots" if spec.images.min != spec.images.max else f"{spec.images.min} screenshot"
            parts.append(shots if spec.words is None else f"+ {shots}")
            if spec.words is None:
                lines.append(f"> Include {shots} of what you describe.")
        if spec.words is not None:
            lines.append("> " + " ".join(parts) + ".")
    lines += [">", "> Example:", f"> *{EXAMPLES[edition][n]}*", ">"]
    return lines


# The checklist's items in our own words, module tags as the course's template has them (2023's
# template had no tags), for ReportSpec(course_checklist=True): the checklist-evidence rule
# reads these words. Per edition, in the order of its (section, count) pairs.
_COURSE_ITEMS_2026 = (
    # Week 1
    "Set up a git repository for the project (M5)",
    "Give every member of the group write access on GitHub (M5)",
    "Keep the project's packages in an environment of its own (M2)",
    "Start the file layout from a cookiecutter template that fits the project (M6)",
    "Let `data.py` fetch the raw data and prepare it for training where that is needed (M6)",
    "Fill `model.py` with a model and `train.py` with its training, and make both of them run (M6)",
    "Keep the dependency files (`requirements*.txt`, or `pyproject.toml` together with `uv.lock`) in\n"
    "    step with everything the code imports (M2+M6)",
    "Follow good coding style (`pep8`) throughout the project (M7)",
    "Add type hints and document the central parts of the code (M7)",
    "Put the data, or a part of it, under version control (M8)",
    "Wrap the code in command line tools and project tasks where that helps (M9)",
    "Write one or more Dockerfiles for the code (M10)",
    "Check locally that the images build and run as intended (M10)",
    "Describe the experiments in one or more configuration files (M11)",
    "Load the configurations and hyperparameters with Hydra (M11)",
    "Profile the code and speed up the slow parts (M12)",
    "Log the important events of the code (M14)",
    "Track training progress, metrics and artifacts with Weights & Biases (M14)",
    "Try a hyperparameter sweep (M14)",
    "Cut boilerplate with PyTorch Lightning, if it suits the project (M15)",
    # Week 2
    "Unit test the data code (M16)",
    "Unit test how the model is built and trained (M16)",
    "Find out how much of the code the tests cover (M16)",
    "Get continuous integration going for the repository on GitHub (M17)",
    "Cache dependencies in the continuous integration and test across operating systems, Python\n"
    "    and PyTorch versions (M17)",
    "Run a linter as a step of the continuous integration (M17)",
    "Set up pre-commit hooks for the repository (M18)",
    "Trigger a workflow on changes to the data (M19)",
    "Trigger a workflow whenever the model registry is updated (M19)",
    "Keep the data in a GCP bucket and connect the bucket to the data version control (M21)",
    "Build the Docker images automatically with a trigger (M21)",
    "Run the training on GCP, on Compute Engine or on Vertex AI (M21)",
    "Serve predictions of the model from a FastAPI application (M22)",
    "Put the model online on GCP, backed by Cloud Functions or Cloud Run (M23)",
    "Write tests for the API and run them in the continuous integration (M24)",
    "Load test the API (M24)",
    "Serve the model through a specialised ML stack such as ONNX or BentoML (M25)",
    "Give the API a frontend (M26)",
    # Week 3
    "Find out how robust the model is to drift in the data (M27)",
    "Collect the inputs and outputs of the deployed application (M27)",
    "Deploy a drift detection API in the cloud (M27)",
    "Expose a few system metrics from the API (M28)",
    "Monitor the instrumented application in the cloud (M28)",
    "Create alerts in GCP that fire when the application misbehaves (M28)",
    "Where it applies, speed up data loading with distributed loading (M29)",
    "Where it applies, speed up the training with distributed training (M30)",
    "Try quantization, compilation or pruning of the trained model to make inference faster (M31)",
    # Extra
    "Write documentation for the application (M32)",
    "Host the documentation with GitHub Pages (M32)",
    "Compare the result with the first project plan: did we get where we aimed?",
    "Sketch the MLOps pipeline as an architecture diagram",
    "Check that each member understands all parts of the project",
    "Have all of the code on GitHub",
)
COURSE_ITEMS = {
    "2026": _COURSE_ITEMS_2026,
    # 2025's Week 3 had no item on collecting the application's inputs and outputs
    "2025": tuple(item for item in _COURSE_ITEMS_2026 if not item.startswith("Collect the inputs")),
    "2023": (
        # Week 1
        "Set up a git repository for the project",
        "Give every member of the group write access on GitHub",
        "Keep the project's packages in an environment of its own",
        "Start the file layout from a cookiecutter template",
        "Let `make_dataset.py` fetch the raw data and prepare it",
        "Write a model file and a training script and make them run",
        "List the dependencies in `requirements.txt`",
        "Follow good coding practices (`pep8`) throughout the project",
        "Add some code typing and document the central parts of the code",
        "Put the data, or a part of it, under version control",
        "Write one or more docker files for the code",
        "Build the docker files locally and check that they work",
        "Describe the experiments in one or more configuration files",
        "Load the configurations and hyperparameters with Hydra",
        "Once something works, do some profiling and speed up the slow parts",
        "Log training progress and metrics with Weights & Biases, and try a hyperparameter sweep",
        "Cut boilerplate with PyTorch Lightning where it suits the project",
        # Week 2
        "Unit test the data part of the code",
        "Unit test how the model is built and trained",
        "Calculate the code coverage",
        "Get continuous integration running for the GitHub repository",
        "Keep the data in a GCP bucket, linked to the data version control",
        "Build the docker images automatically with a trigger",
        "Run the training on GCP with Compute Engine or Vertex AI",
        "Serve the model from a FastAPI application",
        "Where it applies, try deploying the model locally with torchserve",
        "Put the model online on GCP with Cloud Functions or Cloud Run",
        # Week 3
        "Find out how robust the model is to drift in the data",
        "Monitor the system telemetry of the deployed model",
        "Monitor how well the deployed model performs",
        "Where it applies, try distributed data loading",
        "Where it applies, try distributed training of the model",
        "Try quantization, compilation or pruning to make inference faster",
        # Additional
        "Compare the result with the first project plan",
        "Check that each member understands all parts of the project",
        "Have all of the code on GitHub",
    ),
}


@dataclass
class ReportSpec:
    edition: str = "2026"
    answers: dict = field(default_factory=dict)
    revision: str | None = "latest"  # the template revision's date; None: the year's first
    setup: bool = True  # keep the template's lines that install the checker's dependencies
    checklist_heading: str = "###"  # the level of the checklist's week headings ("##" is seen too)
    checklist_marker: str = "*"  # the list marker of its items ("-", "+" are seen too)
    course_checklist: bool = False  # items in COURSE_ITEMS' words instead of numbered steps
    tick: tuple = ()  # numbers (1-based, in checklist order) of items ticked besides the first `ticked`
    _plain_intro: set = field(default_factory=set)
    _label: set = field(default_factory=set)
    ticked: int = 0
    front_matter: bool = False
    course_figures: bool = False  # prompts link the course's example figures, as the real template does
    newline: str = "\n"
    _no_marker: set = field(default_factory=set)
    _heading: dict = field(default_factory=dict)  # question -> heading line
    _duplicates: set = field(default_factory=set)
    _after_last: list = field(default_factory=list)
    _image_target: dict = field(default_factory=dict)
    _image_style: dict = field(default_factory=dict)
    _append: dict = field(default_factory=dict)

    # --- defects (chainable) ---
    def drop_answer_line(self, n: int) -> "ReportSpec":
        self._no_marker.add(n)
        return self

    def demote_heading(self, n: int) -> "ReportSpec":
        self._heading[n] = f"## Question {n}"
        return self

    def renumber(self, n: int, as_number: int) -> "ReportSpec":
        self._heading[n] = f"### Question {as_number}"
        return self

    def duplicate_heading(self, n: int) -> "ReportSpec":
        self._duplicates.add(n)
        return self

    def heading_after_last(self, heading: str = "### Appendix") -> "ReportSpec":
        self._after_last.append(heading)
        return self

    def placeholder(self, n: int, before: str = "", after: str = "") -> "ReportSpec":
        self.answers[n] = "\n\n".join(p for p in (before, f"--- question {n} fill here ---", after) if p)
        return self

    def subheading_in_answer(self, n: int, heading: str = "#### Details") -> "ReportSpec":
        self._append.setdefault(n, []).append(f"\n\n{heading}\n\n" + _words(30, n + 3))
        return self

    def extra_answer_marker(self, n: int) -> "ReportSpec":
        self._append.setdefault(n, []).append(" In short, our Answer: it worked well for the whole team.")
        return self

    def plain_image_link(self, n: int) -> "ReportSpec":
        self._image_style[n] = "link"
        return self

    def html_image(self, n: int) -> "ReportSpec":
        self._image_style[n] = "html"
        return self

    def todo(self, n: int, marker: str = "TODO") -> "ReportSpec":
        self._append.setdefault(n, []).append(f" {marker} add the final numbers here.")
        return self

    def copy_example(self, n: int) -> "ReportSpec":
        self.answers[n] = EXAMPLES[self.edition][n]
        return self

    def image_in_code(self, n: int, how: str = "code") -> "ReportSpec":
        """Question n's screenshots inside backticks ("code") or a fenced block ("fenced")."""
        self._image_style[n] = how
        return self

    def add_line(self, n: int, line: str) -> "ReportSpec":
        """A paragraph of our own after question n's answer."""
        self._append.setdefault(n, []).append("\n\n" + line)
        return self

    def plain_section_intro(self, n: int) -> "ReportSpec":
        """The intro of the section that starts at question n without its '>' quote marks."""
        self._plain_intro.add(n)
        return self

    def answer_label(self, *numbers: int) -> "ReportSpec":
        """A second, bare 'Answer:' line at the start of these answers (all without numbers)."""
        self._label.update(numbers or range(1, EDITIONS[self.edition].total + 1))
        return self

    def follow_example(self, n: int, gaps: str = "filled", code_dots: bool = False, own: int = 0) -> "ReportSpec":
        """An answer on the pattern of question n's example. ``gaps``: "filled" (each '...' replaced
        by our words), "left" (all kept), "some" (every other one kept) or "dropped" (the '...'
        deleted, nothing put in). ``code_dots``: a '...' in inline code and in a fenced block too.
        ``own``: that many more words of ours after it."""
        fills = ["a compact network", "train it on one laptop", "paying for any cloud GPUs",
                 "the versioned data split", "the manual deployment step"]
        parts = EXAMPLES[self.edition][n].split("...")
        out = parts[0]
        for i, part in enumerate(parts[1:]):
            keep = gaps == "left" or (gaps == "some" and i % 2 == 0)
            out += ("..." if keep else "" if gaps == "dropped" else fills[i % len(fills)]) + part
        out = " ".join(out.split())
        if code_dots:
            out += " We start it with `train(config=...)` and ship it with\n\n```bash\ndocker run trainer:latest ...\n```"
        if own:
            out += "\n\n" + _words(own, n + 5)
        self.answers[n] = out
        return self

    def image_path(self, n: int, target: str) -> "ReportSpec":
        self._image_target[n] = target
        return self

    def answer(self, n: int) -> str:
        if n in self.answers:
            text = self.answers[n]
            text = f"--- question {n} fill here ---" if text is None else text
        else:
            text = valid_answer(self.edition, n, self._image_target.get(n), self._image_style.get(n, "markdown"),
                                self.revision)
        text = text + "".join(self._append.get(n, []))
        return f"Answer:\n\n{text}" if n in self._label else text


def _checklist(spec: ReportSpec) -> list[str]:
    lines = ["## Overall project checklist", "", "Tick what you did; the number in brackets names the module.", ""]
    item = 0
    revision = revision_of(spec.edition, spec.revision)
    # a revision's items: the list of its length (2026's first revision has 2025's 52)
    words = next((items for items in COURSE_ITEMS.values() if len(items) == revision.checklist_total), ())
    for title, count in revision.checklist:
        lines += [f"{spec.checklist_heading} {title}", ""]
        for k in range(1, count + 1):
            item += 1
            mark = "x" if item <= spec.ticked or item in spec.tick else " "
            if spec.course_checklist:
                lines.append(f"{spec.checklist_marker} [{mark}] {words[item - 1]}")
                continue
            text = f"{spec.checklist_marker} [{mark}] Step {k} of {title.lower()}: set up and document one part of the pipeline (M{item})"
            if k % 7 == 0:  # some items wrap onto an indented second line, as in the template
                text = f"{spec.checklist_marker} [{mark}] Step {k} of {title.lower()}: set up, test and document one part of the\n    pipeline (M{item})"
            lines.append(text)
        lines.append("")
    return lines


def build_report(spec: ReportSpec) -> str:
    edition = revision_of(spec.edition, spec.revision)
    lines: list[str] = []
    if spec.front_matter:
        lines += ["---", "title: Exam report", "layout: default", "---", ""]
    lines += [
        "# Exam report for the machine learning operations course project",
        "",
        "Replace every placeholder with three dashes before and after it, like",
        "",
        "```--- question 1 fill here ---```",
        "",
        "and embed screenshots from the `figures` folder like this:",
        "",
        "```markdown",
        "![my_image](figures/<image>.<extension>)",
        "```",
        "",
    ]
    if spec.setup:
        installs = [phrase for place, phrase in edition.says if place == "setup"]
        lines += ["The checker needs two packages; install them with", ""]
        for k, install in enumerate(installs):
            lines += (["or", ""] if k else []) + ["```bash", install, "```", ""]
    lines += _checklist(spec)
    sections = SECTIONS[spec.edition]
    for n in range(1, edition.total + 1):
        if n in sections:
            lines += [f"## {sections[n]}", ""]
            if n > 1:
                quote = "" if n in spec._plain_intro else "> "
                lines += [f"{quote}The questions below are about {sections[n].lower()}, and we would like to hear",
                          f"{quote}what you did, what worked and what you would change.", ""]
        lines += [spec._heading.get(n, f"### Question {n}"), ""]
        lines += _prompt(spec.edition, n, spec.revision, spec.course_figures)
        if n not in spec._no_marker:
            lines.append("> Answer:")
        lines += ["", spec.answer(n), ""]
        if n in spec._duplicates:
            lines += [f"### Question {n}", ""]
    for heading in spec._after_last:
        lines += [heading, "", "A few closing words about the project.", ""]
    text = "\n".join(lines)
    return text.replace("\n", spec.newline) if spec.newline != "\n" else text


_TARGETS = re.compile(r"\]\(([^)\]\s]+)\)|src=\"([^\"]+)\"")  # no "]" in a target: linear on "[a](" * n


def png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (60, 120, 200)) -> bytes:
    """A valid PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def write_repo(root: Path, spec: ReportSpec, figures: bool = True) -> Path:
    """Write root/reports/README.md and, unless figures=False, every image file it references
    inside reports/. Returns the README path."""
    reports = Path(root) / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    text = build_report(spec)
    readme = reports / "README.md"
    readme.write_bytes(text.encode("utf-8"))
    if figures:
        answers_part = text.split("## Overall project checklist", 1)[-1]
        for target in {m.group(1) or m.group(2) for m in _TARGETS.finditer(answers_part)}:
            if ":" in target or target.startswith("/"):
                continue
            normal = posixpath.normpath(target)
            if normal.startswith("..") or not normal.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".svg")):
                continue
            path = reports / normal
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png())
    return readme


def huge_example_report(words: int = 40_000) -> tuple[str, str, str]:
    """A 2026 report whose Question 5 has an example of ``words`` random three-letter words with a
    gap, answered by as many other such words and a gap: they share words, not word triples (the
    hostile shape of issue 15 where the example's triples were each searched for in the answer).
    Returns (report text, example, answer)."""
    import itertools
    import random

    vocabulary = ["".join(p) for p in itertools.product("abcdefghij", repeat=3)]
    rng = random.Random(14)
    example = " ".join(rng.choice(vocabulary) for _ in range(words))
    answer = " ".join(rng.choice(vocabulary) for _ in range(words)) + " ..."
    text = build_report(ReportSpec())
    text = text.replace(f"> *{EXAMPLES['2026'][5]}*", f"> *{example} ...*", 1)
    return text.replace(valid_answer("2026", 5), answer, 1), example, answer
