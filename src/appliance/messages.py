"""User-facing sentences that a user interface can translate.

The core speaks English. A sentence with values in it is made with :class:`Text`, which is a plain
``str`` (so the CLI, logs and tests see ordinary English) that also remembers its template and its
values; the desktop app looks the template up in its German catalogue (context ``CoreMessages``) and
fills the values in again. Errors carry such a sentence as their first argument; :func:`message_of`
gets it back from an exception without losing the template.
"""
from __future__ import annotations

import string


class Text(str):
    """``Text("no model named '{name}'", name=n)`` is the string ``no model named 'x'`` with
    ``.template`` and ``.fields`` kept for translation. Format specs work as in ``str.format``."""

    template: str
    fields: dict

    def __new__(cls, template: str, **fields):
        self = super().__new__(cls, template.format(**fields) if fields else template)
        self.template = template
        self.fields = fields
        return self

    def __reduce__(self):  # survive pickling (worker processes hand reports back)
        return (_rebuild, (self.template, self.fields))


def _rebuild(template: str, fields: dict) -> "Text":
    return Text(template, **fields)


def message_of(exc: BaseException) -> str:
    """The sentence an exception was raised with (a :class:`Text` where it was made as one)."""
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def template_of(message: str) -> tuple[str, dict]:
    """(template, values) of a message: a plain string is its own template without values."""
    if isinstance(message, Text):
        return message.template, message.fields
    return message, {}


def placeholders(template: str) -> set[str]:
    """The field names a template uses ({name} and {name:spec} alike)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}
