"""The rendering boundary for views: a Rich console that neutralises every text.

`SafeConsole.render` sees each text before it is laid out (Rich renders nested tables,
panels and groups through it), so a view cannot forget the one rule of `io/output.py`:
control and text-direction characters from data are shown as escapes, with their styles.
Rich's own colour codes are added after, and only on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from bpo_assess.errors import printable, unsafe_pattern
from bpo_assess.io.output import KEEP

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType
    from rich.segment import Segment


def neutral_text(text: Text) -> Text:
    """A copy of `text` with each unsafe character shown as its escape, styles kept."""
    plain = text.plain
    cuts = [found.start() for found in unsafe_pattern(KEEP).finditer(plain)]
    if not cuts:
        return text
    shown = text.blank_copy()
    for piece in text.divide(sorted({*cuts, *(i + 1 for i in cuts)})):
        if len(piece.plain) == 1 and unsafe_pattern(KEEP).match(piece.plain):
            escaped = Text(printable(piece.plain), style=piece.style)
            for span in piece.spans:
                escaped.stylize(span.style, 0, len(escaped))
            piece = escaped
        shown.append_text(piece)
    return shown


class SafeConsole(Console):
    """A Rich console that neutralises each text before it is laid out (the one rule)."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, str):
            renderable = printable(renderable, lines=True)
        elif isinstance(renderable, Text):
            renderable = neutral_text(renderable)
        return super().render(renderable, options)


def console(*, stderr: bool = False, file: IO[str] | None = None, **options: Any) -> Console:
    """The console every view is printed with."""
    options.setdefault("soft_wrap", False)
    return SafeConsole(stderr=stderr, file=file, **options)
