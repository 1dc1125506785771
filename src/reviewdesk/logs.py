"""The desktop's log file: rotating, UTF-8, and free of 证件号码, passwords and tokens.

Why: when a sync fails at a county health bureau, the log file is what support gets — by e-mail, on a
USB stick, pasted into a chat. It must say what happened (sync phases, server answers, tracebacks) and
must not carry a candidate's 证件号码 or a reviewer's password or token, whatever a developer happened to
log. So redaction is not left to each call site: :class:`RedactingFilter` sits on every handler this
module installs and rewrites each record — the formatted message, the exception text and the stack —
before anything is written.

What is redacted (:func:`redact`):

* 18-character resident / residence-permit numbers (also with full-width digits or a space or hyphen
  between the blocks), 15-digit first-generation ID numbers;
* 港澳居民来往内地通行证 numbers (H/M + 8 or 10 digits), Chinese passport numbers (E + 8 digits,
  E + letter + 7 digits, older G + 8 digits);
* any value after a key that names a document number (``证件号码``, ``id_number``, ``passport``…), which
  catches the formats with no shape of their own (台湾居民来往大陆通行证's 8 digits, foreign passports);
* any value after a key that names a secret (``password=``, ``"token": "…"``, ``Authorization: Bearer …``,
  ``密码：…``), and a bare ``Bearer …``.

No Qt here: the command-line sync writes the same log.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reviewdesk import __version__
from reviewdesk.paths import LOG_FILE_NAME

#: Written into the log (and the crash report's log excerpt) in place of a number: log text, the same in
#: every language so support reads one word.
ID_PLACEHOLDER = "[证件号码]"  # i18n: not UI
SECRET_PLACEHOLDER = "***"
FAULT_FILE_NAME = "faults.log"
#: 2 MB × (1 + 5 backups): weeks of normal use, and small enough to e-mail.
MAX_BYTES = 2_000_000
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s [%(threadName)s] %(name)s: %(message)s"

# Not a letter or digit of the same token (ASCII or full-width). Chinese text may touch the number
# ("证件号码11010519491231002X"), so \w (which includes 汉字) is not the boundary to use.
_B = r"0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_BEFORE = rf"(?<![{_B}])"
_AFTER = rf"(?![{_B}])"
_DIGIT = r"[0-9\uff10-\uff19]"
_X = r"[0-9\uff10-\uff19Xx\uff38\uff58]"
_SEP = r"[ \-]?"

_SECRET_KEY = (
    r"[\w.-]*?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|authorization|cookie)[\w.-]*"
    r"|密码|口令|令牌"  # i18n: not UI (words a log line may use as a key)
)
_DOCUMENT_KEY = (
    r"证件号码|证件号|身份证号码|身份证号|护照号码|护照号|通行证号码|通行证号"  # i18n: not UI
    r"|[\w.-]*?(?:id[_-]?(?:number|no|card)|passport(?:[_-]?(?:no|number))?|document[_-]?(?:number|no))"
)
# A value: quoted, or "Bearer xyz" / "Basic xyz", or a run up to a delimiter.
_VALUE = r"\"[^\"]*\"|'[^']*'|(?:bearer|basic|token)\s+[^\s,;&'\"}\])]+|[^\s,;&'\"}\])]+"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # key = value secrets, in code, URL, header, JSON and dict-repr spellings
    (
        re.compile(
            rf"(?P<key>[\"']?\b(?:{_SECRET_KEY})[\"']?\s*[:=：]\s*)(?P<value>{_VALUE})",
            re.IGNORECASE,
        ),
        r"\g<key>" + SECRET_PLACEHOLDER,
    ),
    (
        re.compile(r"\b(?P<key>bearer\s+)[A-Za-z0-9._~+/=-]{6,}", re.IGNORECASE),
        r"\g<key>" + SECRET_PLACEHOLDER,
    ),
    # key = value document numbers (formats with no shape of their own)
    (
        re.compile(
            rf"(?P<key>[\"']?(?:{_DOCUMENT_KEY})[\"']?\s*[:=：]?\s*[\"']?)"
            rf"(?P<value>[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a-]{{5,24}})",
            re.IGNORECASE,
        ),
        r"\g<key>" + ID_PLACEHOLDER,
    ),
    # 居民身份证 / 港澳台居民居住证: 18 characters, optionally split 6-8-4
    (
        re.compile(rf"{_BEFORE}{_DIGIT}{{6}}{_SEP}{_DIGIT}{{8}}{_SEP}{_DIGIT}{{3}}{_X}{_AFTER}"),
        ID_PLACEHOLDER,
    ),
    # first-generation 15-digit 身份证
    (re.compile(rf"{_BEFORE}{_DIGIT}{{15}}{_AFTER}"), ID_PLACEHOLDER),
    # 港澳居民来往内地通行证
    (re.compile(rf"{_BEFORE}[HMhm]{_DIGIT}{{8}}(?:{_DIGIT}{{2}})?{_AFTER}"), ID_PLACEHOLDER),
    # Chinese passports
    (re.compile(rf"{_BEFORE}(?:[EGeg]{_DIGIT}{{8}}|[Ee][A-Za-z]{_DIGIT}{{7}}){_AFTER}"), ID_PLACEHOLDER),
)


def redact(text: str) -> str:
    """``text`` with every document number and secret value replaced by a placeholder."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record in place so no handler after it can write a number or secret.

    The message is formatted here (``msg % args``) and stored back without args, the exception is
    rendered to text here and ``exc_info`` dropped: a formatter later only sees redacted text. Records
    are never dropped — a log line with a placeholder is better than a missing one.
    """

    def __init__(self) -> None:
        super().__init__("reviewdesk.redaction")
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record (nor leak its args)
            message = f"{record.msg!s} (unformattable log arguments)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


@dataclass
class LogSetup:
    """What :func:`setup_logging` installed, so a test (or a second setup) can take it away again."""

    log_file: Path
    handlers: list[logging.Handler] = field(default_factory=list)
    fault_file: IO[str] | None = None

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        self.handlers.clear()
        if self.fault_file is not None:
            if faulthandler.is_enabled():
                faulthandler.disable()
            self.fault_file.close()
            self.fault_file = None


_current: LogSetup | None = None


def setup_logging(
    log_dir: Path,
    *,
    level: int = logging.INFO,
    console: bool = False,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
    fault_handler: bool = True,
) -> LogSetup:
    """Send all logging to ``log_dir/reviewdesk.log`` (rotating, redacted); call it first in ``main``.

    ``console`` adds a redacted stderr handler when there is a stderr (a windowed Windows program has
    none: ``sys.stderr`` is None there). ``fault_handler`` makes a hard crash in native code (Qt, SQLite)
    leave its Python stack in ``faults.log`` instead of nothing. Calling it again replaces the previous
    setup (tests, and ``--data-dir`` decided after an early setup).
    """
    global _current
    if _current is not None:
        _current.close()
    log_dir.mkdir(parents=True, exist_ok=True)
    setup = LogSetup(log_file=log_dir / LOG_FILE_NAME)
    redaction = RedactingFilter()
    formatter = logging.Formatter(LOG_FORMAT)

    file_handler = logging.handlers.RotatingFileHandler(
        setup.log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True
    )
    setup.handlers.append(file_handler)
    if console and sys.stderr is not None:
        setup.handlers.append(logging.StreamHandler(sys.stderr))
    root = logging.getLogger()
    for handler in setup.handlers:
        handler.addFilter(redaction)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)

    if fault_handler:
        setup.fault_file = open(log_dir / FAULT_FILE_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open
        faulthandler.enable(setup.fault_file)
    _current = setup
    logging.getLogger("reviewdesk").info(
        "reviewdesk %s started (Python %s, %s, frozen=%s); log %s",
        __version__,
        platform.python_version(),
        platform.platform(),
        bool(getattr(sys, "frozen", False)),
        setup.log_file,
    )
    return setup


def close_logging() -> None:
    """Take away what :func:`setup_logging` installed (a command run inside another process: tests)."""
    global _current
    if _current is not None:
        _current.close()
        _current = None


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, or None before it was called (crash dialog, 关于)."""
    return _current.log_file if _current is not None else None
