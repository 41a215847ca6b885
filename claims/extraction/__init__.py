"""Attribution extraction: plain text in, frozen Attribution records out.

Pure Python plus spaCy, no Django, so it can be tested, benchmarked and reused alone.
Bump EXTRACTOR_VERSION whenever the output for some text may change.
"""

from .pipeline import DEFAULT_MODEL, Extractor, extract, get_extractor
from .types import Attribution, ExtractionTimeout, Kind, Quotation, SpeakerKind

EXTRACTOR_VERSION = "1.6"

__all__ = [
    "DEFAULT_MODEL",
    "EXTRACTOR_VERSION",
    "Attribution",
    "ExtractionTimeout",
    "Extractor",
    "Kind",
    "Quotation",
    "SpeakerKind",
    "extract",
    "get_extractor",
]
