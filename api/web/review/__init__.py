"""The reviewer pages: the queue, an application and its decisions, licences and their sanctions, monitoring."""

from api.web.pages import page_router
from api.web.review.application import application, approve, claim, evidence_document, reject, send_back
from api.web.review.licences import licence, licences, monitoring, sanction
from api.web.review.queue import queue

__all__ = ["review_router"]

review_router = page_router(
    "/review",
    [
        queue,
        application,
        claim,
        send_back,
        approve,
        reject,
        evidence_document,
        licences,
        licence,
        sanction,
        monitoring,
    ],
)
"""Every reviewer page, under ``/review`` (reviewers and admins, as the API's reviewer routes)."""
