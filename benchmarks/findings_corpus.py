"""A corpus of exam reports and the JSON findings of the command line over it, to show that a
change of the engine keeps every finding byte for byte (issue 16's acceptance).

    python3 benchmarks/findings_corpus.py build DIR   # from the repository root: writes the corpus
    PYTHONPATH=$PWD python3 benchmarks/findings_corpus.py dump DIR > findings.json

``build`` writes, deterministically (fixed random seeds), about 1,500 report files into DIR
(outside the repository): factory reports (tests/factory.py) of every edition and dated revision
with each of the factory's defects alone and combined; seeded random mutations of them and of the
real seeds (lines deleted, duplicated, swapped, '> Answer:' lines deleted, questions moved, shapes
from the hostile catalogue in tests/test_hostile.py, images, links, code, TODOs, placeholders,
copied examples, checklist marks, CRLF, BOM, UTF-16, front matter); some are repositories
``DIR/repoN/reports/README.md`` whose ``reports/figures/`` holds some of the linked images. The
seeds (``--seeds``, default /work/shared/seeds) are copied into DIR only: never into the
repository.

``dump`` imports nothing of this project: it runs ``python -m mkdocs_exam_report check --format
json`` (the code ``PYTHONPATH`` points at) in batches over every report in DIR, in a fixed order,
with cwd=DIR so the paths in the output are relative, and writes the command line's JSON bytes as
they are (not re-serialised), each batch after one header line naming its arguments and exit
code. Two dumps are equal byte for byte exactly when every finding, count and message is. The
time it took goes to standard error.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BATCH = 200  # reports per command line call
# Every FORCED_EVERY-th report is also checked with each --edition forced, and with severities set.
FORCED_EVERY = 9
RULE_OPTIONS = ["--rule", "todo=error", "--rule", "image-missing=off", "--rule", "words=warning",
                "--rule", "checklist=info"]
REPORT_NAMES = (".md", ".txt")


# --- dump ---------------------------------------------------------------------------------------


def reports_in(root: Path) -> list[str]:
    """Every report file under root, as a path relative to root with '/', in code-point order."""
    found = []
    for folder, dirs, files in os.walk(root):  # symbolic links to folders are not followed
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for name in files:
            if name.endswith(REPORT_NAMES) and not (rel == "." and name in ("README", "MANIFEST")):
                path = name if rel == "." else f"{rel}/{name}"
                if "/figures" in f"/{path}":
                    continue
                found.append(path.replace(os.sep, "/"))
    for link in sorted(root.glob("links/*")):  # reports that are symbolic links (some broken)
        path = f"links/{link.name}"
        if path not in found:
            found.append(path)
    return sorted(set(found))


def dump(root: Path, out) -> None:
    root = root.resolve()
    env = dict(os.environ)
    # cwd changes to DIR: relative PYTHONPATH entries would point elsewhere
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)
    env.pop("GITHUB_STEP_SUMMARY", None)
    env.pop("NO_COLOR", None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    paths = reports_in(root)
    runs = [([], paths)]
    forced = paths[::FORCED_EVERY]
    for edition in ("2023", "2025", "2026"):
        runs.append((["--edition", edition], forced))
    runs.append((RULE_OPTIONS, forced))
    calls = [(["check", "--format", "json", "-q", *options], k, selected)
             for options, selected in runs for k in range(0, len(selected), BATCH)]

    def run(call):
        args, k, selected = call
        return subprocess.run([sys.executable, "-m", "mkdocs_exam_report", *args, "--", *selected[k:k + BATCH]],
                              cwd=root, env=env, capture_output=True)

    start = time.perf_counter()
    # two calls at a time (the machine's two cores); the output keeps the calls' order
    with ThreadPoolExecutor(max_workers=2) as pool:
        for (args, k, selected), done in zip(calls, pool.map(run, calls)):
            end = min(k + BATCH, len(selected))
            out.write(f"### exam-report {' '.join(args)} [reports {k + 1}-{end} of {len(selected)}] "
                      f"exit {done.returncode}\n".encode())
            out.write(done.stdout)
            if done.stderr:
                out.write(b"### standard error\n" + done.stderr)
    out.flush()
    print(f"dump: {len(paths)} reports, {sum(len(s) for _, s in runs)} checks in {len(calls)} calls, "
          f"{time.perf_counter() - start:.1f} s", file=sys.stderr)


# --- build --------------------------------------------------------------------------------------


def _hostile_strings() -> tuple[list[str], list[str]]:
    """(short, long) strings of the hostile catalogue: its module-level tables and every string
    its tests are parametrised with. Long ones (over 64 KB) are the 1 MB lines."""
    import tests.test_hostile as hostile

    found: list[str] = []

    def take(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            for item in value:
                take(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                take(key)
                take(item)

    for name in ("HOSTILE_LINES", "MANY_FINDINGS", "FORMULAS", "CONTROLS", "CONTROLS_CHARS"):
        take(getattr(hostile, name, None))
    for name in sorted(vars(hostile)):
        for mark in getattr(getattr(hostile, name), "pytestmark", []):
            if mark.name == "parametrize":
                take(list(mark.args[1]))
    unique = list(dict.fromkeys(found))
    return [s for s in unique if len(s) <= 65536], [s for s in unique if len(s) > 65536]


class Builder:
    def __init__(self, root: Path, seeds: Path):
        from tests import factory

        self.f = factory
        self.root = root
        self.seeds_dir = seeds
        self.rng = random.Random(20261130)
        self.count = 0
        self.repos = 0
        self.kinds: dict[str, int] = {}
        self.short, self.long = _hostile_strings()

    # writing

    def write(self, kind: str, data: bytes | str, repo: bool = False, figures: float = 0.5) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        self.count += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if repo:
            self.repos += 1
            reports = self.root / f"repo{self.repos:04d}" / "reports"
            reports.mkdir(parents=True)
            (reports / "README.md").write_bytes(data)
            self.figures(reports, data, figures)
        else:
            folder = self.root / kind
            folder.mkdir(exist_ok=True)
            (folder / f"{self.count:05d}.md").write_bytes(data)

    def figures(self, reports: Path, data: bytes, share: float) -> None:
        """Write a share of the images the report links to (so image rules fire both ways), and
        now and then a file in the wrong case or a folder where a file is expected."""
        text = data.decode("utf-8", "replace")
        targets = sorted({m.group(1) or m.group(2) for m in self.f._TARGETS.finditer(text)})
        for target in targets:
            if ":" in target or target.startswith(("/", "\\")) or "\x00" in target or len(target) > 200:
                continue
            normal = os.path.normpath(target.strip("<>"))
            if normal.startswith("..") or normal.startswith("/"):
                continue
            roll = self.rng.random()
            if roll > share:
                continue
            path = reports / normal
            if self.rng.random() < 0.05:
                path = path.with_name(path.name.upper())
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if self.rng.random() < 0.03:
                    path.mkdir(exist_ok=True)
                elif not path.exists():
                    path.write_bytes(self.f.png() if self.rng.random() < 0.9 else b"not an image")
            except OSError:
                pass

    # reports

    def revisions(self):
        for edition, revisions in sorted(self.f.REVISIONS.items()):
            for revision in revisions:
                yield edition, revision.since

    def spec(self, edition, since, **options):
        spec = self.f.ReportSpec(edition=edition, revision=since, **options)
        return spec

    def image_questions(self, edition, since):
        rev = self.f.revision_of(edition, since)
        return [q.number for q in rev.questions if q.images is not None]

    def defects(self, edition, since):
        """(name, function(spec)) for every defect the factory offers, on a question picked by rng."""
        rev = self.f.revision_of(edition, since)
        total = rev.total
        images = self.image_questions(edition, since)
        r = self.rng
        q = lambda: r.randint(1, total)  # noqa: E731
        qi = lambda: r.choice(images)  # noqa: E731
        words = lambda n: self.f._words(n, r.randint(0, 11))  # noqa: E731
        return [
            ("drop_answer_line", lambda s: s.drop_answer_line(q())),
            ("demote_heading", lambda s: s.demote_heading(q())),
            ("renumber", lambda s: s.renumber(q(), r.choice([0, 1, total, total + 1, 99, r.randint(1, total)]))),
            ("duplicate_heading", lambda s: s.duplicate_heading(q())),
            ("heading_after_last", lambda s: s.heading_after_last(r.choice(["### Appendix", "## Appendix", "### Question 99", "# End"]))),
            ("placeholder", lambda s: s.placeholder(q(), r.choice(["", words(30)]), r.choice(["", words(20)]))),
            ("placeholder_none", lambda s: s.answers.__setitem__(q(), None) or s),
            ("subheading_in_answer", lambda s: s.subheading_in_answer(q(), r.choice(["#### Details", "### Details", "## Details", "#### Question 4"]))),
            ("extra_answer_marker", lambda s: s.extra_answer_marker(q())),
            ("plain_image_link", lambda s: s.plain_image_link(qi())),
            ("html_image", lambda s: s.html_image(qi())),
            ("todo", lambda s: s.todo(q(), r.choice(["TODO", "FIXME", "XXX", "TBD", "todo:", "`TODO`", "TODO.md"]))),
            ("copy_example", lambda s: s.copy_example(q())),
            ("image_in_code", lambda s: s.image_in_code(qi(), r.choice(["code", "fenced"]))),
            ("add_line", lambda s: s.add_line(q(), r.choice(self.short) if r.random() < 0.5 else words(r.randint(1, 120)))),
            ("plain_section_intro", lambda s: s.plain_section_intro(r.choice([n for n, _ in rev.sections]))),
            ("answer_label", lambda s: s.answer_label(*([q()] if r.random() < 0.7 else []))),
            ("follow_example", lambda s: s.follow_example(q(), r.choice(["filled", "left", "some", "dropped"]),
                                                          r.random() < 0.3, r.choice([0, 0, 20, 150]))),
            ("image_path", lambda s: s.image_path(qi(), r.choice(IMAGE_TARGETS + [t for t in self.short if t.endswith(".png")][:20]))),
            ("short_answer", lambda s: s.answers.__setitem__(q(), words(r.randint(0, 8))) or s),
            ("long_answer", lambda s: s.answers.__setitem__(q(), words(r.randint(300, 600))) or s),
            ("group_number", lambda s: s.answers.__setitem__(1, r.choice(GROUP_ANSWERS)) or s),
            ("study_numbers", lambda s: s.answers.__setitem__(2, r.choice(STUDY_ANSWERS)) or s),
            ("ticked", lambda s: setattr(s, "ticked", r.randint(0, 60)) or s),
        ]

    def options(self):
        r = self.rng
        return dict(
            setup=r.random() < 0.8,
            checklist_heading=r.choice(["###", "###", "##"]),
            checklist_marker=r.choice(["*", "*", "-", "+"]),
            ticked=r.choice([0, 10, 30, 200]),
            front_matter=r.random() < 0.1,
            course_figures=r.random() < 0.4,
            newline=r.choice(["\n"] * 8 + ["\r\n", "\r"]),
        )

    def factory_reports(self) -> list[str]:
        """Factory reports: clean ones, each defect alone, defects combined. Returns their texts
        (LF) for mutation."""
        f, r = self.f, self.rng
        texts = []
        for edition, since in self.revisions():
            for k in range(4):
                spec = self.spec(edition, since, **(self.options() if k else {}))
                text = f.build_report(spec)
                self.write("clean", text, repo=True, figures=1.0 if k < 2 else r.random())
            for name, defect in self.defects(edition, since):
                for k in range(2):
                    spec = self.spec(edition, since, **(self.options() if k else {}))
                    defect(spec)
                    text = f.build_report(spec)
                    self.write("defect", text, repo=r.random() < 0.5, figures=r.choice([1.0, 0.7, 0.0]))
                    if spec.newline == "\n":
                        texts.append(text)
            for k in range(30):
                spec = self.spec(edition, since, **self.options())
                defects = self.defects(edition, since)
                for name, defect in r.sample(defects, r.randint(2, 6)):
                    defect(spec)
                text = f.build_report(spec)
                self.write("combined", text, repo=r.random() < 0.5, figures=r.random())
                if spec.newline == "\n":
                    texts.append(text)
        return texts

    def seeds(self) -> list[str]:
        texts = []
        for path in sorted(self.seeds_dir.glob("*.txt")):
            data = path.read_bytes()
            self.write("seed", data)
            self.write("seed", data, repo=True, figures=0.5)
            texts.append(data.decode("utf-8", "replace"))
        return texts

    def mutate(self, text: str, ops: int) -> bytes:
        r = self.rng
        lines = text.split("\n")
        for _ in range(ops):
            op = r.choice(MUTATIONS)
            lines = getattr(self, "m_" + op)(lines) or lines
        text = "\n".join(lines)
        roll = r.random()
        if roll < 0.08:
            text = text.replace("\n", "\r\n")
        elif roll < 0.11:
            text = text.replace("\n", "\r")
        elif roll < 0.14:
            text = "".join(line + r.choice(["\n", "\r\n"]) for line in text.split("\n"))
        data = text.encode("utf-8", "surrogatepass")
        roll = r.random()
        if roll < 0.05:
            data = b"\xef\xbb\xbf" + data
        elif roll < 0.06:
            data = text.encode(r.choice(["utf-16", "utf-16-le", "utf-16-be"]), "surrogatepass")
        elif roll < 0.07:
            at = r.randint(0, len(data))
            data = data[:at] + r.choice([b"\xe6", b"\xff\xfe", b"\xc3", b"\x00"]) + data[at:]
        elif roll < 0.08:
            data = data[: r.randint(0, len(data))]
        return data

    # mutation operators: each takes and returns the list of lines

    def _at(self, lines):
        return self.rng.randint(0, max(len(lines) - 1, 0))

    def _answer_lines(self, lines):
        return [i for i, line in enumerate(lines) if line.strip().lstrip(">").strip().lower().startswith("answer")]

    def _question_lines(self, lines):
        return [i for i, line in enumerate(lines) if line.lstrip("#").strip().lower().startswith("question") and line.startswith("#")]

    def m_delete(self, lines):
        if lines:
            del lines[self._at(lines)]

    def m_delete_run(self, lines):
        if lines:
            at = self._at(lines)
            del lines[at:at + self.rng.randint(2, 40)]

    def m_duplicate(self, lines):
        if lines:
            at = self._at(lines)
            lines.insert(at, lines[at])

    def m_swap(self, lines):
        if len(lines) > 1:
            a, b = self._at(lines), self._at(lines)
            lines[a], lines[b] = lines[b], lines[a]

    def m_swap_adjacent(self, lines):
        if len(lines) > 1:
            a = self.rng.randint(0, len(lines) - 2)
            lines[a], lines[a + 1] = lines[a + 1], lines[a]

    def m_delete_answer(self, lines):
        answers = self._answer_lines(lines)
        if answers:
            del lines[self.rng.choice(answers)]

    def m_move_question(self, lines):
        starts = self._question_lines(lines)
        if len(starts) > 2:
            k = self.rng.randrange(len(starts) - 1)
            block = lines[starts[k]:starts[k + 1]]
            del lines[starts[k]:starts[k + 1]]
            to = self.rng.choice(self._question_lines(lines) + [len(lines)])
            lines[to:to] = block

    def m_renumber(self, lines):
        starts = self._question_lines(lines)
        if starts:
            i = self.rng.choice(starts)
            level = self.rng.choice(["#", "##", "###", "####", "### ", "###"])
            lines[i] = f"{level} Question {self.rng.choice([0, 1, 7, 13, 27, 31, 32, 100, '7b', '1O', ''])}"

    def m_heading_level(self, lines):
        starts = self._question_lines(lines)
        if starts:
            i = self.rng.choice(starts)
            lines[i] = self.rng.choice(["#", "##", "####", "#####", ""]) + lines[i].lstrip("#")

    def m_hostile(self, lines):
        r = self.rng
        shape = r.choice(self.short)
        if len(shape) > 20000:
            shape = shape[: r.randint(100, 20000)]
        lines.insert(self._at(lines), shape)

    def m_hostile_inline(self, lines):
        if lines:
            at = self._at(lines)
            shape = self.rng.choice(self.short)[:300]
            cut = self.rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:cut] + shape + lines[at][cut:]

    def m_insert(self, lines):
        lines.insert(self._at(lines), self.rng.choice(INSERTS))

    def m_insert_image(self, lines):
        r = self.rng
        name = r.choice(["figures/q19_1.png", "figures/q14_2.png", "figures/shot.PNG", "figures/new.jpg",
                         "figures/Q20_1.png", "figures/q21_1.png", "./figures/q29_1.png", "img/a.gif",
                         "figures/a b.png", "figures/a%20b.png", "figures/x.svg", "figures/q14_1.png"])
        form = r.choice(["![{k}]({n})", "[{k}]({n})", '<img src="{n}" alt="{k}">', "`![{k}]({n})`",
                         "![{k}]({n} \"title\")", "![{k}][ref]\n\n[ref]: {n}", "![{k}](<{n}>)"])
        lines.insert(self._at(lines), form.format(k=r.choice(["shot", "", "Figure 1"]), n=name))

    def m_insert_link(self, lines):
        r = self.rng
        target = r.choice(["../README.md", "other.md", "figures/", "../src/train.py", "#question-5",
                           "https://example.com", "../data.dvc", "missing/page.md", "./figures/q19_1.png",
                           "mailto:a@b.dk", "../.github/workflows/ci.yaml"])
        lines.insert(self._at(lines), f"See [{r.choice(['this', 'the code', ''])}]({target}) for more.")

    def m_code(self, lines):
        r = self.rng
        block = r.choice([
            ["```python", "def train(): ...  # TODO", "![x](figures/q.png)", "```"],
            ["```", "--- question 5 fill here ---", "```"],
            ["```bash", "dvc pull", "### Question 4", "> Answer:"],  # unclosed fence
            ["    indented code ![a](b.png)", "    TODO"],
            ["~~~", "### Question 3", "~~~"],
            ["`inline ![i](figures/i.png)` and `TODO` and ``a ` b``"],
        ])
        at = self._at(lines)
        lines[at:at] = block

    def m_placeholder(self, lines):
        n = self.rng.randint(1, 31)
        lines.insert(self._at(lines), self.rng.choice([f"--- question {n} fill here ---", "---", "--- ---",
                                                       f"--- question {n} fill here", f"question {n} fill here ---"]))

    def m_example_text(self, lines):
        # copy a template example line ('> *...*') into the report elsewhere, unquoted
        examples = [line for line in lines if line.startswith("> *") or "..." in line]
        if examples:
            line = self.rng.choice(examples).lstrip("> ").strip("*")
            lines.insert(self._at(lines), line)

    def m_checklist(self, lines):
        items = [i for i, line in enumerate(lines) if line.lstrip().startswith(("* [", "- [", "+ ["))]
        for i in self.rng.sample(items, min(len(items), self.rng.randint(1, 10))):
            mark = self.rng.choice(["[x]", "[X]", "[ ]", "[-]", "[m]", "[]", "[ x]", "[✓]", "[x ]", "[  ]"])
            head, _, rest = lines[i].partition("[")
            lines[i] = head + mark + rest.partition("]")[2]

    def m_front_matter(self, lines):
        lines[0:0] = self.rng.choice([
            ["---", "title: Report", "---", ""],
            ["---", "title: [unclosed", "---"],
            ["---", "no end of front matter"],
            ["+++", "title = 'toml'", "+++"],
            ["---", "---"],
        ])

    def m_limits(self, lines):
        limits = [i for i, line in enumerate(lines) if "Recommended answer length" in line or "screenshot" in line]
        if limits:
            i = self.rng.choice(limits)
            lines[i] = lines[i].replace("100-200", self.rng.choice(["200-400", "0-200", "50-100", "100 - 200", "9999-1"]))

    def m_unicode(self, lines):
        if lines:
            at = self._at(lines)
            ch = self.rng.choice(["\u00a0", "\u200b", "\u3000", "\u2028", "\ufeff", "æøå", "漢字", "\U0001F600", "\t",
                                  "\x0c", "\u0085", "\ud800"])
            cut = self.rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:cut] + ch + lines[at][cut:]

    def m_answer_text(self, lines):
        answers = self._answer_lines(lines)
        if answers:
            i = self.rng.choice(answers) + 1
            lines.insert(min(i, len(lines)), self.rng.choice(GROUP_ANSWERS + STUDY_ANSWERS + INSERTS))

    def m_truncate_tail(self, lines):
        del lines[self.rng.randint(len(lines) // 2, len(lines)):]

    def mutations(self, texts, count, kind):
        for _ in range(count):
            base = self.rng.choice(texts)
            data = self.mutate(base, self.rng.choice([1, 1, 2, 3, 4, 6, 10]))
            self.write(kind, data, repo=self.rng.random() < 0.35, figures=self.rng.random())

    def hostile(self, text):
        """Each hostile shape in question 11's answer (the long ones cut, one or two whole), and
        the files that are not reports."""
        r = self.rng
        f = self.f
        anchor = f.valid_answer("2026", 11)
        for shape in self.short:
            self.write("hostile", text.replace(anchor, anchor + "\n\n" + shape, 1), repo=r.random() < 0.3)
        for shape in self.long:
            self.write("hostile", text.replace(anchor, anchor + "\n\n" + shape[:r.randint(2000, 60000)], 1))
        for shape in sorted(self.long, key=len)[:2]:  # two whole (about 1 MB each)
            self.write("hostile-whole", text.replace(anchor, anchor + "\n\n" + shape, 1), repo=True)
        text_of, example, answer = f.huge_example_report(4000)
        self.write("hostile", text_of)
        self.write("hostile", text_of.replace(answer, example + " ...", 1))
        for data in [b"", b" \t\n\r\n  \n\x0c\n", "\ufeff\u3000\u00a0\u2028\n".encode(), f.png() * 4,
                     text.encode("utf-16"), text.encode("utf-16-le"), b"\xef\xbb\xbf" + text.encode(),
                     text.replace("\n", "\r\n").encode(), b"word " * 1000, b"# Title\n\nno questions here\n",
                     ("x" * 8200 + "\x00" + text).encode()]:
            self.write("not-a-report", data)

    def links(self):
        """Reports reached through symbolic links (one broken, one a loop), and figures that are
        links: a loop, a broken one, one into another repository."""
        links = self.root / "links"
        links.mkdir()
        first = self.root / "repo0001" / "reports" / "README.md"
        (links / "to_repo0001.md").symlink_to(os.path.relpath(first, links))
        (links / "broken.md").symlink_to("gone.md")
        (links / "loop.md").symlink_to("loop.md")
        for n, how in [(2, "loop"), (3, "broken"), (4, "other-repo"), (5, "file-out")]:
            figures = self.root / f"repo{n:04d}" / "reports" / "figures"
            if figures.exists():
                shutil.rmtree(figures)
            if how == "loop":
                figures.symlink_to("figures")
            elif how == "broken":
                figures.symlink_to("nowhere")
            elif how == "other-repo":
                figures.symlink_to(os.path.relpath(self.root / "repo0001" / "reports" / "figures", figures.parent))
            else:
                figures.mkdir()
                for k in range(1, 4):
                    for q in (14, 19, 20, 21, 29):
                        (figures / f"q{q}_{k}.png").symlink_to(os.path.relpath(self.root / "outside.png", figures))
        (self.root / "outside.png").write_bytes(self.f.png())


IMAGE_TARGETS = ["figures/q_missing.png", "Figures/q19_1.png", "figures/q19_1.PNG", "figures/q19_1.jpeg",
                 "figures/q19_1.webp", "figures/q19_1", "figures\\q19_1.png", "../figures/q19_1.png",
                 "figures/my shot.png", "https://example.com/a.png", "/abs/a.png", "figures/"]
GROUP_ANSWERS = ["42", "MLOps 51", "Group27", "G27", "group 7", "forty-two", "", "--- question 1 fill here ---",
                 "12 and 13", "s123456", "Group number: 128", "0", "-3", "1e3"]
STUDY_ANSWERS = ["s123456, s234567, s345678", "s1234567", "S123456 s123456", "s123456 " * 50, "", "123456",
                 "s12345", "student numbers: s111111, s222222", "s123456\ns234567\n\ns345678", "TODO"]
INSERTS = ["TODO: finish this", "FIXME later", "XXX", "todo", "We did nothing here ...", "...",
           "<!-- exam-report: ignore -->", "<!-- exam-report: ignore todo -->", "<!-- TODO -->",
           "Answer:", "> Answer:", "Answer: yes", "> **Example:**", "Recommended answer length: 100-200 words",
           "<img src=figures/q.png>", "<IMG SRC='figures/q19_1.png'>", "<details><summary>x</summary>", "</details>",
           "| a | b |\n|---|---|\n| TODO | ![i](figures/t.png) |", "$$ x ... y $$", "[x]: figures/ref.png",
           "* [x] a stray checklist item (M99)", "### Week 1", "## Overall project checklist", "# A new top heading",
           "---", "***", "> quoted text in an answer", "<br>", "&nbsp;", "\\", "\t\t\tindented"]
MUTATIONS = ["delete", "delete_run", "duplicate", "swap", "swap_adjacent", "delete_answer", "delete_answer",
             "move_question", "renumber", "heading_level", "hostile", "hostile_inline", "insert", "insert",
             "insert_image", "insert_image", "insert_link", "code", "placeholder", "example_text", "checklist",
             "checklist", "front_matter", "limits", "unicode", "answer_text", "truncate_tail"]


def build(root: Path, seeds: Path) -> None:
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty: build into a new folder")
    root.mkdir(parents=True, exist_ok=True)
    repository = Path(__file__).resolve().parent.parent
    if Path.cwd().resolve() != repository:
        raise SystemExit(f"run build from the repository root ({repository}): it imports tests/factory.py")
    sys.path.insert(0, str(repository))
    b = Builder(root, seeds)
    texts = b.factory_reports()
    seed_texts = b.seeds()
    base = b.f.build_report(b.f.ReportSpec())
    b.hostile(base)
    b.mutations(texts, 900, "mutated")
    b.mutations(seed_texts, 150, "mutated-seed")
    b.links()
    (root / "MANIFEST").write_text(
        "".join(f"{kind}\t{n}\n" for kind, n in sorted(b.kinds.items())) + f"total\t{b.count}\nrepositories\t{b.repos}\n")
    print(f"build: {b.count} reports ({b.repos} as repositories) in {root}: {b.kinds}", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the corpus into DIR (run from the repository root)")
    b.add_argument("dir", type=Path)
    b.add_argument("--seeds", type=Path, default=Path("/work/shared/seeds"))
    d = sub.add_parser("dump", help="the command line's JSON over every report in DIR, to standard output")
    d.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.dir, args.seeds)
    else:
        dump(args.dir, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
