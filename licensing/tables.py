"""Imports every licensing model so that ``Base.metadata`` describes the licensing schema too."""

from licensing.models import (
    Application,
    EvidenceDocument,
    EvidenceItem,
    Licence,
    LicenceCounter,
    LicenceDailyDelta,
    LicenceHistory,
    LicenceMonthlyDelta,
    LicenceSpan,
)

__all__ = [
    "Application",
    "EvidenceDocument",
    "EvidenceItem",
    "Licence",
    "LicenceCounter",
    "LicenceDailyDelta",
    "LicenceHistory",
    "LicenceMonthlyDelta",
    "LicenceSpan",
]
