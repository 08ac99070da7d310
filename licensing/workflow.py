"""The licence application workflow as a pure transition table.

The states follow the GovStack Registration Building Block and UNCTAD eRegistrations:
``draft → submitted → in_review → approved | rejected | sent_back``, ``sent_back → submitted`` and
``draft | submitted | sent_back → withdrawn``. Who may act is part of the table, so the service layer only has
to decide which :class:`Actor` the caller is (a founder who is a member of the company is the applicant; hub
staff who are *not* members are reviewers) and ask :func:`next_state`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from registry.errors import AccessDenied, Conflict
from registry.i18n import Text

__all__ = [
    "ACTION_LABELS",
    "ACTOR_LABELS",
    "STATE_LABELS",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Action",
    "ActionNotAllowedForActor",
    "ActionNotAllowedInState",
    "Actor",
    "ApplicationState",
    "allowed_actions",
    "next_state",
]


class ApplicationState(StrEnum):
    """Where a licence application stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT_BACK = "sent_back"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    """What someone can do to an application."""

    EDIT = "edit"
    SUBMIT = "submit"
    CLAIM = "claim"
    APPROVE = "approve"
    REJECT = "reject"
    SEND_BACK = "send_back"
    WITHDRAW = "withdraw"


class Actor(StrEnum):
    """The capacity in which a caller acts on one application."""

    APPLICANT = "applicant"
    """A founder who is a member of the applying company."""
    REVIEWER = "reviewer"
    """Hub staff who are not members of the applying company (no one decides on their own company)."""
    ADMIN = "admin"
    """An administrator; may do whatever a reviewer may."""


_APPLICANT = frozenset({Actor.APPLICANT})
_STAFF = frozenset({Actor.REVIEWER, Actor.ADMIN})

_S = ApplicationState
_A = Action

TRANSITIONS: Mapping[tuple[ApplicationState, Action], tuple[ApplicationState, frozenset[Actor]]] = MappingProxyType(
    {
        (_S.DRAFT, _A.EDIT): (_S.DRAFT, _APPLICANT),
        (_S.DRAFT, _A.SUBMIT): (_S.SUBMITTED, _APPLICANT),
        (_S.DRAFT, _A.WITHDRAW): (_S.WITHDRAWN, _APPLICANT),
        (_S.SUBMITTED, _A.CLAIM): (_S.IN_REVIEW, _STAFF),
        (_S.SUBMITTED, _A.WITHDRAW): (_S.WITHDRAWN, _APPLICANT),
        (_S.IN_REVIEW, _A.APPROVE): (_S.APPROVED, _STAFF),
        (_S.IN_REVIEW, _A.REJECT): (_S.REJECTED, _STAFF),
        (_S.IN_REVIEW, _A.SEND_BACK): (_S.SENT_BACK, _STAFF),
        (_S.SENT_BACK, _A.EDIT): (_S.SENT_BACK, _APPLICANT),
        (_S.SENT_BACK, _A.SUBMIT): (_S.SUBMITTED, _APPLICANT),
        (_S.SENT_BACK, _A.WITHDRAW): (_S.WITHDRAWN, _APPLICANT),
    }
)
"""``(state, action) → (next state, who may do it)``; a pair that is missing is not allowed at all."""

TERMINAL_STATES: frozenset[ApplicationState] = frozenset({_S.APPROVED, _S.REJECTED, _S.WITHDRAWN})
"""States that no action leaves; a renewal or a new attempt is a new application."""

STATE_LABELS: Mapping[ApplicationState, Text] = MappingProxyType(
    {
        _S.DRAFT: Text(kk="Жоба", ru="Черновик", en="Draft"),
        _S.SUBMITTED: Text(kk="Тапсырылды", ru="Подана", en="Submitted"),
        _S.IN_REVIEW: Text(kk="Қаралуда", ru="На рассмотрении", en="In review"),
        _S.APPROVED: Text(kk="Мақұлданды", ru="Одобрена", en="Approved"),
        _S.REJECTED: Text(kk="Қабылданбады", ru="Отклонена", en="Rejected"),
        _S.SENT_BACK: Text(kk="Пысықтауға қайтарылды", ru="Возвращена на доработку", en="Sent back"),
        _S.WITHDRAWN: Text(kk="Кері қайтарып алынды", ru="Отозвана", en="Withdrawn"),
    }
)
"""The name of each state as founders and reviewers see it."""

ACTION_LABELS: Mapping[Action, Text] = MappingProxyType(
    {
        _A.EDIT: Text(kk="Өңдеу", ru="Редактировать", en="Edit"),
        _A.SUBMIT: Text(kk="Тапсыру", ru="Подать", en="Submit"),
        _A.CLAIM: Text(kk="Қарауға алу", ru="Взять на рассмотрение", en="Claim"),
        _A.APPROVE: Text(kk="Мақұлдау", ru="Одобрить", en="Approve"),
        _A.REJECT: Text(kk="Бас тарту", ru="Отклонить", en="Reject"),
        _A.SEND_BACK: Text(kk="Пысықтауға қайтару", ru="Вернуть на доработку", en="Send back"),
        _A.WITHDRAW: Text(kk="Кері қайтарып алу", ru="Отозвать", en="Withdraw"),
    }
)
"""The name of each action, e.g. for buttons."""

ACTOR_LABELS: Mapping[Actor, Text] = MappingProxyType(
    {
        Actor.APPLICANT: Text(kk="өтініш беруші", ru="заявитель", en="the applicant"),
        Actor.REVIEWER: Text(kk="сарапшы", ru="эксперт хаба", en="a reviewer"),
        Actor.ADMIN: Text(kk="әкімші", ru="администратор", en="an administrator"),
    }
)
"""Who acts, as it reads inside a sentence."""

# The error messages need the state and the action in grammatical forms that the labels above are not in
# (English "that is sent back … cannot be withdrawn", Kazakh dative "қайтарып алуға"), so they get their own
# phrases; Russian keeps the state label in quotes because Russian would otherwise need it declined.
_STATE_PHRASES: Mapping[ApplicationState, Text] = MappingProxyType(
    {
        _S.DRAFT: Text(kk="жоба күйіндегі", ru="Черновик", en="still a draft"),
        _S.SUBMITTED: Text(kk="тапсырылған", ru="Подана", en="submitted"),
        _S.IN_REVIEW: Text(kk="қаралудағы", ru="На рассмотрении", en="in review"),
        _S.APPROVED: Text(kk="мақұлданған", ru="Одобрена", en="approved"),
        _S.REJECTED: Text(kk="қабылданбаған", ru="Отклонена", en="rejected"),
        _S.SENT_BACK: Text(kk="пысықтауға қайтарылған", ru="Возвращена на доработку", en="sent back"),
        _S.WITHDRAWN: Text(kk="кері қайтарып алынған", ru="Отозвана", en="withdrawn"),
    }
)
# kk: dative verbal noun ("… болмайды"), ru: infinitive, en: past participle.
_ACTION_PHRASES: Mapping[Action, Text] = MappingProxyType(
    {
        _A.EDIT: Text(kk="өңдеуге", ru="редактировать", en="edited"),
        _A.SUBMIT: Text(kk="тапсыруға", ru="подать", en="submitted"),
        _A.CLAIM: Text(kk="қарауға алуға", ru="взять на рассмотрение", en="claimed"),
        _A.APPROVE: Text(kk="мақұлдауға", ru="одобрить", en="approved"),
        _A.REJECT: Text(kk="қабылдамауға", ru="отклонить", en="rejected"),
        _A.SEND_BACK: Text(kk="пысықтауға қайтаруға", ru="вернуть на доработку", en="sent back"),
        _A.WITHDRAW: Text(kk="кері қайтарып алуға", ru="отозвать", en="withdrawn"),
    }
)

_TRANSITION_NOT_ALLOWED = Text(
    kk="{state} өтінімді {action} болмайды.",
    ru="Заявку в статусе «{state}» нельзя {action}.",
    en="An application that is {state} cannot be {action}.",
)
_ACTOR_NOT_ALLOWED = Text(
    kk="{state} өтінімді {action} тек {allowed} құқылы.",
    ru="Заявку в статусе «{state}» может {action} только {allowed}.",
    en="An application that is {state} can be {action} only by {allowed}.",
)
_OR = Text(kk=" немесе ", ru=" или ", en=" or ")


class ActionNotAllowedInState(Conflict):
    """The action is not possible in the application's current state, whoever asks."""


class ActionNotAllowedForActor(AccessDenied):
    """The state allows the action, but not for this actor."""


def next_state(state: ApplicationState, action: Action, actor: Actor) -> ApplicationState:
    """The state an application moves to when ``actor`` performs ``action`` on it.

    Args:
        state: The application's current state.
        action: What the caller wants to do.
        actor: The capacity in which the caller acts on this application.

    Returns:
        The new state (the same state for ``edit``).

    Raises:
        ActionNotAllowedInState: A :class:`~registry.errors.Conflict` with code
            ``application.transition_not_allowed`` when nobody may do ``action`` in ``state``.
        ActionNotAllowedForActor: An :class:`~registry.errors.AccessDenied` with code
            ``application.actor_not_allowed`` when ``state`` allows ``action``, but not for ``actor``.
    """
    entry = TRANSITIONS.get((state, action))
    if entry is None:
        raise ActionNotAllowedInState(
            "application.transition_not_allowed",
            _transition_not_allowed_message(state, action),
            details={"state": state.value, "action": action.value},
        )
    target, actors = entry
    if actor not in actors:
        raise ActionNotAllowedForActor(
            "application.actor_not_allowed",
            _actor_not_allowed_message(state, action, actors),
            details={
                "state": state.value,
                "action": action.value,
                "actor": actor.value,
                "allowed_actors": sorted(allowed.value for allowed in actors),
            },
        )
    return target


def allowed_actions(state: ApplicationState, actor: Actor) -> frozenset[Action]:
    """The actions ``actor`` may perform on an application in ``state`` (e.g. which buttons to show).

    Args:
        state: The application's current state.
        actor: The capacity in which the caller acts on this application.

    Returns:
        The allowed actions; empty in a terminal state.
    """
    return frozenset(
        action for (from_state, action), (_, actors) in TRANSITIONS.items() if from_state == state and actor in actors
    )


def _transition_not_allowed_message(state: ApplicationState, action: Action) -> Text:
    state_phrase = _STATE_PHRASES[state]
    action_phrase = _ACTION_PHRASES[action]
    return Text(
        kk=_sentence_case(_TRANSITION_NOT_ALLOWED.kk.format(state=state_phrase.kk, action=action_phrase.kk)),
        ru=_TRANSITION_NOT_ALLOWED.ru.format(state=state_phrase.ru, action=action_phrase.ru),
        en=_TRANSITION_NOT_ALLOWED.en.format(state=state_phrase.en, action=action_phrase.en),
    )


def _actor_not_allowed_message(state: ApplicationState, action: Action, actors: frozenset[Actor]) -> Text:
    state_phrase = _STATE_PHRASES[state]
    action_phrase = _ACTION_PHRASES[action]
    # In declaration order so that the same rule always produces the same sentence.
    names = [ACTOR_LABELS[actor] for actor in Actor if actor in actors]
    allowed = Text(
        kk=_OR.kk.join(name.kk for name in names),
        ru=_OR.ru.join(name.ru for name in names),
        en=_OR.en.join(name.en for name in names),
    )
    return Text(
        kk=_sentence_case(
            _ACTOR_NOT_ALLOWED.kk.format(state=state_phrase.kk, action=action_phrase.kk, allowed=allowed.kk)
        ),
        ru=_ACTOR_NOT_ALLOWED.ru.format(state=state_phrase.ru, action=action_phrase.ru, allowed=allowed.ru),
        en=_ACTOR_NOT_ALLOWED.en.format(state=state_phrase.en, action=action_phrase.en, allowed=allowed.en),
    )


def _sentence_case(sentence: str) -> str:
    # Not str.capitalize(): that would also lower-case the rest of the sentence.
    return sentence[:1].upper() + sentence[1:]
