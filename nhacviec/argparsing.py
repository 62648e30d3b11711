"""argparse in the user's language: errors, the usage line and the help's headings.

argparse writes its messages in English. `parser_class(lang)` gives an ArgumentParser whose
subparsers inherit it and whose errors are translated (`translate_error`, pure) before they
are printed, as "Lỗi: …" under the usage line, exit code 2 as before.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import NoReturn

_HEADINGS = {
    "vi": {"usage": "Cách dùng: ", "positional": "tham số", "options": "tùy chọn",
           "help": "in hướng dẫn này rồi thoát", "error": "Lỗi"},
    "en": {"usage": "usage: ", "positional": "positional arguments", "options": "options",
           "help": "show this help message and exit", "error": "error"},
}

_TYPE_NAMES = {"int": "một số nguyên", "float": "một số"}


def _invalid_value(m: re.Match) -> str:
    kind = _TYPE_NAMES.get(m["type"])
    return f"giá trị không hợp lệ: {m['value']}" + (f" (cần {kind})" if kind else "")


# English message (as argparse 3.11-3.13 writes it) -> Vietnamese. Order matters: the first
# full match wins; "argument X: …" translates its inner message too.
_VI: list[tuple[re.Pattern[str], Callable[[re.Match], str]]] = [
    (re.compile(r"argument (?P<arg>.+?): (?P<rest>.+)", re.S),
     lambda m: f"tham số {m['arg']}: {translate_error(m['rest'], 'vi')}"),
    (re.compile(r"the following arguments are required: (?P<names>.+)", re.S),
     lambda m: f"thiếu tham số bắt buộc: {m['names']}"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)", re.S),
     lambda m: f"không hiểu tham số: {m['args']}"),
    (re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", re.S),
     lambda m: f"giá trị {m['value']} không có trong các lựa chọn: {m['choices']}"),
    (re.compile(r"invalid (?P<type>\S+) value: (?P<value>.+)", re.S), _invalid_value),
    (re.compile(r"expected one argument"), lambda m: "cần một giá trị đi kèm"),
    (re.compile(r"expected at most one argument"), lambda m: "chỉ nhận nhiều nhất một giá trị"),
    (re.compile(r"expected at least one argument"), lambda m: "cần ít nhất một giá trị"),
    (re.compile(r"expected (?P<n>\d+) arguments?"), lambda m: f"cần {m['n']} giá trị"),
    (re.compile(r"not allowed with argument (?P<other>.+)", re.S),
     lambda m: f"không dùng cùng với {m['other']}"),
    (re.compile(r"one of the arguments (?P<names>.+) is required", re.S),
     lambda m: f"cần một trong các tham số {m['names']}"),
    (re.compile(r"ambiguous option: (?P<opt>.+?) could match (?P<matches>.+)", re.S),
     lambda m: f"tùy chọn {m['opt']} chưa rõ, có thể là: {m['matches']}"),
    (re.compile(r"ignored explicit argument (?P<value>.+)", re.S),
     lambda m: f"tùy chọn này không nhận giá trị: {m['value']}"),
    (re.compile(r"unexpected option string: (?P<opt>.+)", re.S),
     lambda m: f"tùy chọn không mong đợi: {m['opt']}"),
    (re.compile(r"can't open '(?P<name>.+)': (?P<error>.+)", re.S),
     lambda m: f"không mở được “{m['name']}”: {m['error']}"),
]


def translate_error(message: str, lang: str) -> str:
    """argparse's English error message in `lang`; unknown messages are left as they are."""
    if lang != "vi":
        return message
    for pattern, build in _VI:
        m = pattern.fullmatch(message)
        if m:
            return build(m)
    return message


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    words = _HEADINGS.get(lang, _HEADINGS["vi"])

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, words["usage"] if prefix is None else prefix)

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("formatter_class", Formatter)
            super().__init__(*args, **kwargs)
            self._positionals.title = words["positional"]
            self._optionals.title = words["options"]
            for action in self._actions:
                if isinstance(action, argparse._HelpAction):
                    action.help = words["help"]

        def error(self, message: str) -> NoReturn:
            if lang != "vi":
                super().error(message)
            self.print_usage(sys.stderr)
            self.exit(2, f"{words['error']}: {translate_error(message, lang)}\n")

    return Parser
