"""Update ``resources/i18n/reviewdesk_<lang>.ts`` from the code and compile them to ``.qm``.

    python scripts/build_translations.py            # update the .ts files, then build the .qm files
    python scripts/build_translations.py --check    # exit 1 if a .ts misses a string or a .qm is stale
    python scripts/build_translations.py --report   # list what is not yet translated
    python scripts/build_translations.py --literals # Chinese literals not yet wrapped in translate()
    python scripts/build_translations.py --fill en.json  # merge English translations, then build

``--fill`` takes a JSON list of ``{"context": …, "source": …, "translation": …}`` (``"comment"`` optional)
and writes them into the .ts as finished translations, so several people wrapping strings at the same time
can each add theirs without editing the XML by hand. Every run that writes holds a lock on
``resources/i18n/.lock``: concurrent runs queue instead of overwriting each other's .ts.

The labels of the domain's vocabularies (``reviewdesk.domain.enums``: 审核通过, 初级(师), …) are extracted
too, under the context ``Enums``; the views show them through ``reviewdesk.views.common.i18n.label``. So are
the list's column titles (``reviewdesk.store.columns``), under ``Columns``.

Why not plain ``pyside6-lupdate``: it reads ``translate("Ctx", "文本")`` and ``self.tr("文本")`` well, but
takes the helper ``tr("Ctx", "文本")`` (``reviewdesk.views.common.i18n.tr``) for ``self.tr`` with a comment,
and ``-tr-function-alias`` cannot fix one without breaking the other. So the extraction is a small AST
walk that knows all three spellings; the result is an ordinary Qt Linguist ``.ts`` (edit it in Linguist)
and the ``.qm`` is built by PySide6's own ``pyside6-lrelease`` (shipped in PySide6-Essentials).

Merging keeps every translation already made; a string that left the code is kept as ``vanished``
(Linguist's word) so its translation is not lost if it comes back.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one developer at a time, no lock needed
    fcntl = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "src" / "reviewdesk"]
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)
SOURCE_LANGUAGE = "zh_CN"
#: Layers that never import Qt hold no translatable calls; skip them (and the server: not shipped UI).
SKIP_PARTS = {"server", "domain", "models", "store", "sync"}
#: A comment that says a Chinese literal on that line is no user-visible text (see ``--literals``).
NOT_UI = "# i18n: not UI"


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    locations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _module_contexts(tree: ast.Module) -> dict[str, str]:
    """The module's ``…CONTEXT = "X"`` constants."""
    found: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = _string(stmt.value)
            if value is not None and stmt.targets[0].id.endswith("CONTEXT"):
                found[stmt.targets[0].id] = value
    return found


class UnresolvedContext(Exception):
    """A translate() call with a literal text whose context the extractor cannot tell: its text would
    silently stay untranslated (the 专项信息 cards' captions did, in English)."""


class _Extractor(ast.NodeVisitor):
    def __init__(self, filename: str, imported: dict[str, dict[str, str]] | None = None) -> None:
        self.filename = filename
        self.classes: list[str] = []
        self.found: list[Message] = []
        self.unresolved: list[str] = []
        self.module_contexts: dict[str, str] = {}  # CONTEXT = "X" constants at module level
        #: module name → its CONTEXT constants, for ``from reviewdesk.x import CONTEXT``
        self.imported = imported or {}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        constants = self.imported.get(node.module or "", {})
        for alias in node.names:
            if alias.name in constants:
                self.module_contexts[alias.asname or alias.name] = constants[alias.name]

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in node.body:  # imports first: a module's own constants win over imported ones
            if isinstance(stmt, ast.ImportFrom):
                self.visit_ImportFrom(stmt)
        self.module_contexts.update(_module_contexts(node))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _context(self, node: ast.AST) -> str | None:
        text = _string(node)
        if text is not None:
            return text
        if isinstance(node, ast.Name):
            return self.module_contexts.get(node.id)
        return None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        args = node.args
        if name in {"translate", "tr", "translate_noop"} and len(args) >= 2:
            context, source = self._context(args[0]), _string(args[1])
            if context is None and source is not None:
                self.unresolved.append(f"{self.filename}:{node.lineno}: {source}")
            if context is not None and source is not None:
                comment = _string(args[2]) if len(args) > 2 else None
                self.found.append(Message(context, source, comment or "", [(self.filename, node.lineno)]))
        elif name == "translate_count" and len(args) >= 2:  # a count: its plain and its singular form
            context, source = self._context(args[0]), _string(args[1])
            if context is None and source is not None:
                self.unresolved.append(f"{self.filename}:{node.lineno}: {source}")
            if context is not None and source is not None:
                for comment in ("", "exactly one"):
                    self.found.append(Message(context, source, comment, [(self.filename, node.lineno)]))
        elif name == "tr" and len(args) >= 1 and isinstance(func, ast.Attribute) and self.classes:
            source = _string(args[0])
            if source is not None:
                comment = _string(args[1]) if len(args) > 1 else None
                self.found.append(
                    Message(self.classes[-1], source, comment or "", [(self.filename, node.lineno)])
                )
        self.generic_visit(node)


ENUM_CONTEXT = "Enums"


def enum_messages() -> dict[tuple[str, str, str], Message]:
    """The domain vocabularies' labels and titles (context ``Enums``), shown by ``views.common.i18n.label``."""
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from reviewdesk.domain import enums, realname
    finally:
        sys.path.pop(0)
    messages: dict[tuple[str, str, str], Message] = {}
    for module in (enums, realname):  # every module of the domain that defines vocabularies
        location = (f"src/reviewdesk/domain/{module.__name__.rsplit('.', 1)[-1]}.py", 1)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enums.LabelledEnum)
                and value is not enums.LabelledEnum
            ):
                for text in [value.title(), *value.labels()]:
                    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                        key = (ENUM_CONTEXT, text, "")
                        messages.setdefault(key, Message(ENUM_CONTEXT, text, "", [location]))
    return messages


COLUMN_CONTEXT = "Columns"


def column_messages() -> dict[tuple[str, str, str], Message]:
    """The list's column titles (``reviewdesk.store.columns``, Qt-free), shown by the table model."""
    sys.path.insert(0, str(ROOT / "src"))
    try:
        from reviewdesk.store.columns import COLUMNS
    finally:
        sys.path.pop(0)
    location = ("src/reviewdesk/store/columns.py", 1)
    return {(COLUMN_CONTEXT, c.title, ""): Message(COLUMN_CONTEXT, c.title, "", [location]) for c in COLUMNS}


def extract(roots: list[Path] = SOURCES) -> dict[tuple[str, str, str], Message]:
    """Every translatable string under ``roots``, keyed by (context, source, comment)."""
    messages: dict[tuple[str, str, str], Message] = (
        {**enum_messages(), **column_messages()} if roots == SOURCES else {}
    )
    unresolved: list[str] = []
    for root in roots:
        paths = [
            p for p in sorted(root.rglob("*.py")) if not SKIP_PARTS & set(p.relative_to(root).parts[:-1])
        ]
        trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in paths}
        imported = {
            ".".join([root.name, *path.relative_to(root).with_suffix("").parts]): _module_contexts(tree)
            for path, tree in trees.items()
        }
        for path, tree in trees.items():
            extractor = _Extractor(path.relative_to(ROOT).as_posix(), imported)
            extractor.visit(tree)
            unresolved += extractor.unresolved
            for message in extractor.found:
                if message.key in messages:
                    messages[message.key].locations.extend(message.locations)
                else:
                    messages[message.key] = message
    if unresolved:
        raise UnresolvedContext(
            "translate() with a context the extractor cannot read:\n" + "\n".join(unresolved)
        )
    return messages


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def unwrapped_literals(roots: list[Path] = SOURCES) -> dict[str, list[tuple[int, str]]]:
    """Per file: user-visible Chinese string literals that no translate()/tr() call wraps yet.

    Docstrings and log messages are not user-visible and are left out, and so is a literal with the
    comment ``# i18n: not UI`` on one of its lines (a redaction pattern, say). These strings stay Chinese when
    English is chosen; wrapping one is ``translate("<Class>", "<text>")`` and a run of this script.
    """
    wrapped_ids: set[int] = set()
    result: dict[str, list[tuple[int, str]]] = {}
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if SKIP_PARTS & set(path.relative_to(root).parts[:-1]):
                continue
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source, str(path))
            lines = source.splitlines()
            skip = _docstring_ids(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in {
                        "translate",
                        "translate_count",
                        "translate_noop",
                        "tr",
                        "debug",
                        "info",
                        "warning",
                        "error",
                        "exception",
                        "critical",
                    }:
                        wrapped_ids.update(id(arg) for arg in ast.walk(node) if isinstance(arg, ast.Constant))
            found = [
                (node.lineno, node.value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and id(node) not in wrapped_ids
                and any("\u4e00" <= ch <= "\u9fff" for ch in node.value)
                and not any(NOT_UI in line for line in lines[node.lineno - 1 : node.end_lineno])
            ]
            if found:
                result[path.relative_to(ROOT).as_posix()] = sorted(found)
    return result


def read_translations(ts_file: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(context, source, comment) → (translation, type) from an existing .ts."""
    if not ts_file.exists():
        return {}
    result: dict[tuple[str, str, str], tuple[str, str]] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            kind = translation.get("type", "") if translation is not None else ""
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            result[key] = (text, kind)
    return result


def write_ts(ts_file: Path, language: str, messages: dict[tuple[str, str, str], Message]) -> tuple[int, int]:
    """Merge ``messages`` into ``ts_file``; returns (total current strings, untranslated)."""
    old = read_translations(ts_file)
    root = ET.Element("TS", {"version": "2.1", "language": language, "sourcelanguage": SOURCE_LANGUAGE})
    keys = sorted(set(messages) | set(old))
    untranslated = 0
    for context_name in sorted({k[0] for k in keys}):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for key in (k for k in keys if k[0] == context_name):
            message = ET.SubElement(context, "message")
            current = messages.get(key)
            for filename, line in current.locations if current else []:
                ET.SubElement(message, "location", {"filename": "../../" + filename, "line": str(line)})
            ET.SubElement(message, "source").text = key[1]
            if key[2]:
                ET.SubElement(message, "comment").text = key[2]
            text, kind = old.get(key, ("", "unfinished"))
            attrs: dict[str, str] = {}
            if current is None:
                attrs["type"] = "vanished"
            elif not text or kind == "unfinished":
                attrs["type"] = "unfinished"
                untranslated += 1
            ET.SubElement(message, "translation", attrs).text = text
    ET.indent(root, space="    ")
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return len(messages), untranslated


def fill_translations(ts_file: Path, entries: list[dict[str, str]]) -> int:
    """Write ``entries`` (context, source, translation[, comment]) into ``ts_file`` as finished.

    Returns how many were written; an entry whose string is not in the .ts yet is an error (wrap and
    extract it first), so a typo in a context or source cannot pass silently.
    """
    tree = ET.parse(ts_file)
    index: dict[tuple[str, str, str], ET.Element] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            index[key] = message
    unknown = []
    for entry in entries:
        key = (entry["context"], entry["source"], entry.get("comment", ""))
        message = index.get(key)
        if message is None:
            unknown.append(key)
            continue
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.text = entry["translation"]
        translation.attrib.pop("type", None)
    if unknown:
        raise SystemExit("not in the .ts (wrap it in translate() first): " + "; ".join(map(repr, unknown)))
    ET.indent(tree.getroot(), space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return len(entries)


@contextlib.contextmanager
def ts_lock():
    """Serialise every run that rewrites the .ts/.qm files (see the module docstring)."""
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(I18N_DIR / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lrelease_command() -> list[str]:
    """``pyside6-lrelease`` from the PySide6 wheel (its console script, or the binary inside PySide6)."""
    script = shutil.which("pyside6-lrelease")
    if script:
        return [script]
    import PySide6

    for name in ("lrelease", "lrelease.exe"):
        candidate = Path(PySide6.__file__).parent / name
        if candidate.exists():
            return [str(candidate)]
    raise SystemExit("pyside6-lrelease not found: install PySide6-Essentials")


def build_qm(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([*lrelease_command(), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)


def ts_path(language: str) -> Path:
    return I18N_DIR / f"reviewdesk_{language}.ts"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a .ts or .qm is out of date")
    parser.add_argument("--report", action="store_true", help="list untranslated strings")
    parser.add_argument("--literals", action="store_true", help="list Chinese literals not yet translatable")
    parser.add_argument("--fill", type=Path, metavar="JSON", help="merge these translations, then build")
    args = parser.parse_args(argv)
    if args.literals:
        literals = unwrapped_literals()
        for filename, found in literals.items():
            print(f"{filename}: {len(found)}")
            for line, text in found:
                print(f"    {line}: {text!r}")
        print(
            f"{sum(map(len, literals.values()))} literal(s) in {len(literals)} file(s) not yet translatable"
        )
        return 0
    if args.check:
        return _update(args)
    with ts_lock():
        return _update(args)


def _update(args: argparse.Namespace) -> int:
    messages = extract()
    status = 0
    for language in LANGUAGES:
        ts_file, qm_file = ts_path(language), ts_path(language).with_suffix(".qm")
        if args.check:
            known = read_translations(ts_file)
            missing = [k for k in messages if k not in known]
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / qm_file.name
                build_qm(ts_file, fresh)
                stale = not qm_file.exists() or fresh.read_bytes() != qm_file.read_bytes()
            for key in missing:
                print(f"{ts_file.name}: not extracted yet: [{key[0]}] {key[1]}")
            if stale:
                print(f"{qm_file.name}: out of date, run scripts/build_translations.py")
            status |= int(bool(missing) or stale)
            continue
        total, untranslated = write_ts(ts_file, language, messages)
        if args.fill and language == "en":
            fill_translations(ts_file, json.loads(args.fill.read_text(encoding="utf-8")))
            total, untranslated = write_ts(ts_file, language, messages)
        build_qm(ts_file, qm_file)
        print(f"{ts_file.relative_to(ROOT)}: {total} strings, {untranslated} untranslated → {qm_file.name}")
        if args.report:
            for key, (text, kind) in sorted(read_translations(ts_file).items()):
                if kind == "unfinished" or not text:
                    print(f"  [{key[0]}] {key[1]}")
    return status


if __name__ == "__main__":
    sys.exit(main())
