"""Which notices stay when the annotator leaves its document: those not about it, and errors,
each for the time it had left (``tui/notices.py``)."""

from __future__ import annotations

from typing import get_args

from hypothesis import given
from hypothesis import strategies as st
from textual.notifications import SeverityLevel

from tui.notices import Notice, NoticeLog


def notice(
    message: str, *, about: bool, severity: SeverityLevel = "information", at: float = 0.0
) -> Notice:
    """A notice raised at ``at`` for 10 s."""
    return Notice(message, "", severity, 10.0, False, about, at)


def test_the_document_s_notices_go_and_its_errors_stay() -> None:
    log = NoticeLog()
    log.record(notice("copied the sample project", about=False))
    log.record(notice("This is analyst-a's file", about=True, at=1.0))
    log.record(notice("read-only: Ctrl+S saves elsewhere", about=True, severity="warning", at=1.0))
    log.record(notice("No space left on device", about=True, severity="error", at=2.0))
    kept = log.leave_document(4.0)
    assert [n.message for n in kept] == ["copied the sample project", "No space left on device"]
    assert [n.time_left(4.0) for n in kept] == [6.0, 8.0]  # the time each had left
    assert all(n.raised_at == 4.0 for n in kept)
    # leaving again keeps the same ones, still counting down
    assert [n.time_left(5.0) for n in log.leave_document(5.0)] == [5.0, 7.0]


def test_notices_whose_time_is_up_are_forgotten() -> None:
    log = NoticeLog()
    log.record(notice("old", about=False, at=0.0))
    log.record(notice("an old error", about=True, severity="error", at=0.0))
    log.record(notice("new", about=False, at=9.0))
    assert [n.message for n in log.leave_document(10.0)] == ["new"]


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from(get_args(SeverityLevel)),
            st.floats(min_value=0, max_value=30),
        ),
        max_size=20,
    ),
    st.floats(min_value=0, max_value=40),
)
def test_what_stays_is_what_is_still_shown_and_not_only_about_the_document(
    raised: list[tuple[bool, SeverityLevel, float]], now: float
) -> None:
    log = NoticeLog()
    for index, (about, severity, at) in enumerate(sorted(raised, key=lambda r: r[2])):
        log.record(notice(str(index), about=about, severity=severity, at=at))
    kept = log.leave_document(now)
    for kept_notice in kept:
        assert kept_notice.time_left(now) > 0
        assert not kept_notice.about_document or kept_notice.severity == "error"
    assert log.leave_document(now) == kept  # leaving twice changes nothing more
