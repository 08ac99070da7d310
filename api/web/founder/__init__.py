"""The founder's pages: companies, declarations with the rubric's live preview, applications, licences, AI systems.

Every page is under ``/founder`` and only for founders; each calls the service its API route calls.
"""

from api.web.founder.applications import APPLICATION_HANDLERS
from api.web.founder.companies import COMPANY_HANDLERS
from api.web.founder.declarations import DECLARATION_HANDLERS
from api.web.founder.holdings import HOLDING_HANDLERS
from api.web.founder.texts import FOUNDER_TEXTS
from api.web.pages import page_router

__all__ = ["FOUNDER_TEXTS", "founder_router"]

founder_router = page_router(
    "/founder", [*COMPANY_HANDLERS, *DECLARATION_HANDLERS, *APPLICATION_HANDLERS, *HOLDING_HANDLERS]
)
