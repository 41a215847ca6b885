"""The extraction boundary: frozen dataclasses, no spaCy or Django types leak out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    DIRECT = "direct"  # every content word inside quotation marks
    INDIRECT = "indirect"  # reported speech, no quotation marks
    MIXED = "mixed"  # reported speech carrying quoted words


class SpeakerKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    UNNAMED = "unnamed"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A span of text between a pair of quotation marks (the marks excluded)."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when the quote never closes
    double: bool  # double marks (" “ ” « » '') rather than single ones
    close_len: int = 1  # characters in the closing mark ('' is two)

    @property
    def after_close(self) -> int:
        """Offset just past the closing mark (the content's end when the quote never closes)."""
        return self.close_mark + self.close_len if self.close_mark is not None else self.end


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed claim found in a text; every offset is a character offset into it."""

    start: int
    end: int
    text: str
    kind: Kind
    cue: str
    cue_start: int
    cue_end: int
    speaker: str | None  # the mention as written ("Miller", "the letter"); None when nobody is named
    speaker_start: int | None
    speaker_end: int | None
    speaker_name: str | None  # resolved canonical name ("Matthew Miller", "Kim Jong Un")
    speaker_kind: SpeakerKind
    speaker_title: str  # title or role the text gives the speaker, "" when none
    via: str  # intermediary that relayed the words ("AFP"), "" when none
    confidence: float
    # The content's pieces when the attribution interrupts it ("Q1," she said, "Q2."):
    # start..end then spans all pieces, attribution included. One piece otherwise.
    pieces: tuple[tuple[int, int], ...] = ()


class ExtractionTimeout(Exception):
    """The text took longer than the time the caller allowed for it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"extraction stopped after the {seconds:g} s limit")
        self.seconds = seconds
