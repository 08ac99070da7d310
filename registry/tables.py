"""Imports every registry model so that ``Base.metadata`` describes the registry's whole schema."""

from registry.accounts.models import Account, LoginFailure
from registry.accounts.web_sessions import WebSession
from registry.ai_systems.models import AiSystem
from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.database import Base
from registry.declarations.models import Declaration, DeclarationProduct, PivotEventRecord, RubricVersionRecord
from registry.events.models import Event, EventChainHead
from registry.history.models import CompanyHistory
from registry.idempotency import IdempotencyRecord
from registry.reference.models import Activity, Region
from registry.statistics.models import (
    SummaryDailyDelta,
    SummaryMonthlyDelta,
    SummarySpan,
)
from registry.statistics.release_models import ReleaseCalendarEntry, StatisticsRelease

__all__ = [
    "Account",
    "Activity",
    "AiSystem",
    "Base",
    "Company",
    "CompanyActivity",
    "CompanyHistory",
    "CompanyMember",
    "Declaration",
    "DeclarationProduct",
    "Event",
    "EventChainHead",
    "IdempotencyRecord",
    "LoginFailure",
    "PivotEventRecord",
    "Region",
    "ReleaseCalendarEntry",
    "RubricVersionRecord",
    "StatisticsRelease",
    "SummaryDailyDelta",
    "SummaryMonthlyDelta",
    "SummarySpan",
    "WebSession",
]
