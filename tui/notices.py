"""The notices the app shows (Textual's toasts), remembered with what they are about, so that
those about the document the annotator leaves do not follow to the board or the next document.

Textual's notifications belong to the app, and every screen shows them all; its public API
can only take them all away (``App.clear_notifications``). So the app keeps this log of what it
raised, and on leaving a document clears them and raises again those that still apply
(``NoticeLog.leave_document``): the ones not about the document, and errors (a save that
failed is not forgotten), each for the time it had left. No Textual at run time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel


@dataclass(frozen=True, slots=True)
class Notice:
    """One notice as raised: what ``App.notify`` was given, whether it is about the document
    open in the annotator, and when it was raised (``time.monotonic``)."""

    message: str
    title: str
    severity: SeverityLevel
    timeout: float
    markup: bool
    about_document: bool
    raised_at: float

    def time_left(self, now: float) -> float:
        """How long it is still shown for (0 or less: gone)."""
        return self.raised_at + self.timeout - now


class NoticeLog:
    """The notices still shown, in the order raised (``App.notify`` may be called from any
    thread: a lock guards the list)."""

    def __init__(self) -> None:
        self._notices: list[Notice] = []
        self._lock = threading.Lock()

    def record(self, notice: Notice) -> None:
        """Remember a notice just raised (and forget those whose time is up)."""
        with self._lock:
            self._notices = [n for n in self._notices if n.time_left(notice.raised_at) > 0]
            self._notices.append(notice)

    def leave_document(self, now: float) -> list[Notice]:
        """The annotator left its document: forget the notices about it, except errors, and
        return those that stay, each raised anew ``now`` for the time it had left (to show
        again once every notice is cleared)."""
        with self._lock:
            self._notices = [
                replace(n, raised_at=now, timeout=n.time_left(now))
                for n in self._notices
                if n.time_left(now) > 0 and (not n.about_document or n.severity == "error")
            ]
            return list(self._notices)


@runtime_checkable
class DocumentNotices(Protocol):
    """What the annotator and the board ask of the app about notices (the app's type is not
    imported by the screens it shows)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        about_document: bool = False,
    ) -> None:
        """Raise a notice; ``about_document``: about the document open in the annotator."""

    def forget_document_notices(self) -> None:
        """The annotator left its document: take its notices away (not its errors)."""
