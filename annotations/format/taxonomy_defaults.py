"""The default principles: the three principles for digital of a body of public-sector IT professionals."""

from __future__ import annotations

from annotations.format.model import Principle

DEFAULT_PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        id="collaboration",
        label="Collaboration",
        color="#4e9a06",
        description=(
            "Working across organisational boundaries: departments, local and central government, "
            "suppliers and citizens sharing platforms, standards, data and skills rather than each "
            "building their own."
        ),
    ),
    Principle(
        id="redesign",
        label="Redesign",
        color="#3465a4",
        description=(
            "Rethinking services around the needs of the people who use them, instead of putting "
            "existing processes, forms and organisational structures online as they are."
        ),
    ),
    Principle(
        id="innovation-and-disruption",
        label="Innovation and disruption",
        color="#c4a000",
        description=(
            "Trying new technologies, business models and ways of working, accepting measured risk, "
            "and being willing to replace established arrangements when something better exists."
        ),
    ),
)
