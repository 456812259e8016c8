"""Command palette providers: every action of the main screen, and every tag.

Commands are ranked above tags: a query matching both ("stance": the Stance command, and a
recommendation mentioning a "Service Standard") lists the commands first, each group by score.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from annotations.documents.display import display_safe, shortened

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


def _plain(text: str) -> Content:
    """Text shown as it is: never parsed as markup, control characters made visible."""
    return Content(display_safe(text, keep_newlines=False))


def _highlight(matcher: Matcher, name: str) -> Content:
    """``name`` with the letters the query matched highlighted (Matcher.highlight would parse
    ``name`` as markup: recommendation titles are document text, ``[/x]`` and all)."""
    content = _plain(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


Entry = tuple[str, Callable[[], object], str, bool]
"""A palette entry: its name, what it runs, its help, and whether it is a command (not a tag)."""


def ranked_score(score: float, is_command: bool) -> float:
    """The matcher's ``score`` (0 or more; Textual's fuzzy matcher gives more than 1 for good
    matches) squeezed into 0-1 keeping its order, then into the upper half for a command and
    the lower half for a tag: every matching command ranks above every matching tag."""
    share = max(score, 0.0) / (1.0 + max(score, 0.0))
    return (1.0 + share) / 2 if is_command else share / 2


class MainScreenCommands(Provider):
    """Actions (from the bindings, with their keys) and tags of the main screen."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self) -> list[Entry]:
        main = self._main()
        if main is None:
            return []
        from tui.widgets.document_view import DocumentView

        commands: list[Entry] = []
        seen: set[str] = set()
        for node, bindings in ((main, main.BINDINGS), (main.document_view, DocumentView.BINDINGS)):
            for binding in bindings:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.description in seen:
                    continue
                if node.check_action(binding.action.partition("(")[0], ()) is False:
                    continue  # e.g. the review keys, outside a review
                seen.add(binding.description)
                keys = binding.key.replace("_", " ")
                run = partial(node.run_action, binding.action)
                commands.append((binding.description, run, f"Keys: {keys}", True))
        if not main.is_loaded:
            return commands  # the tags come with the annotation file
        for principle in main.editing.model.taxonomy.principles:
            commands.append(
                (
                    f"Toggle principle: {principle.label}",
                    partial(main.toggle_tag, "principles", principle.id),
                    shortened(principle.description, 80),
                    False,
                )
            )
        for recommendation in main.editing.model.taxonomy.recommendations:
            commands.append(
                (
                    f"Toggle recommendation {recommendation.id}: {recommendation.title}",
                    partial(main.toggle_tag, "recommendations", recommendation.id),
                    "Tag the passage at the cursor",
                    False,
                )
            )
        return commands

    async def discover(self) -> Hits:
        """Every command, before the user types."""
        for name, run, help_text, _is_command in self._commands():
            yield DiscoveryHit(
                _plain(name),
                run,
                text=name,
                help=escape(display_safe(help_text, keep_newlines=False)),
            )

    async def search(self, query: str) -> Hits:
        """Commands matching what the user typed, commands above tags."""
        matcher = self.matcher(query)
        for name, run, help_text, is_command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    ranked_score(score, is_command),
                    _highlight(matcher, name),
                    run,
                    text=name,
                    help=escape(display_safe(help_text, keep_newlines=False)),
                )
