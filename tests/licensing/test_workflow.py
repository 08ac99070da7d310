from __future__ import annotations

import itertools
from typing import get_args

import pytest

from licensing.reasons import (
    REJECTION_REASONS,
    SANCTION_REASONS,
    RejectionReasonCode,
    SanctionReasonCode,
    rejection_reason,
    sanction_reason,
)
from licensing.workflow import (
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    Action,
    Actor,
    ApplicationState,
    allowed_actions,
    next_state,
)
from registry.errors import AccessDenied, Conflict, InvalidInput

STATES = ["draft", "submitted", "in_review", "approved", "rejected", "sent_back", "withdrawn"]
ACTIONS = ["edit", "submit", "claim", "approve", "reject", "send_back", "withdraw"]
ACTORS = ["applicant", "reviewer", "admin"]

# The expected workflow, written out from DESIGN.md §2 independently of licensing.workflow.TRANSITIONS:
# (state, action) -> (next state, actors who may do it). Every pair not listed is not allowed for anyone.
APPLICANT = {"applicant"}
STAFF = {"reviewer", "admin"}
EXPECTED: dict[tuple[str, str], tuple[str, set[str]]] = {
    ("draft", "edit"): ("draft", APPLICANT),
    ("draft", "submit"): ("submitted", APPLICANT),
    ("draft", "withdraw"): ("withdrawn", APPLICANT),
    ("submitted", "claim"): ("in_review", STAFF),
    ("submitted", "withdraw"): ("withdrawn", APPLICANT),
    ("in_review", "approve"): ("approved", STAFF),
    ("in_review", "reject"): ("rejected", STAFF),
    ("in_review", "send_back"): ("sent_back", STAFF),
    ("sent_back", "edit"): ("sent_back", APPLICANT),
    ("sent_back", "submit"): ("submitted", APPLICANT),
    ("sent_back", "withdraw"): ("withdrawn", APPLICANT),
}


def test_enums_have_exactly_the_designed_members() -> None:
    assert [state.value for state in ApplicationState] == STATES
    assert [action.value for action in Action] == ACTIONS
    assert [actor.value for actor in Actor] == ACTORS


ALL_COMBINATIONS = list(itertools.product(STATES, ACTIONS, ACTORS))
# Every state × action × actor falls into exactly one of these three lists.
ALLOWED = [(s, a, r) for s, a, r in ALL_COMBINATIONS if (s, a) in EXPECTED and r in EXPECTED[s, a][1]]
WRONG_ACTOR = [(s, a, r) for s, a, r in ALL_COMBINATIONS if (s, a) in EXPECTED and r not in EXPECTED[s, a][1]]
WRONG_STATE = [(s, a, r) for s, a, r in ALL_COMBINATIONS if (s, a) not in EXPECTED]


def test_the_combinations_are_split_without_overlap() -> None:
    assert len(ALL_COMBINATIONS) == 7 * 7 * 3
    assert sorted(ALLOWED + WRONG_ACTOR + WRONG_STATE) == sorted(ALL_COMBINATIONS)
    assert (len(ALLOWED), len(WRONG_ACTOR), len(WRONG_STATE)) == (15, 18, 114)


@pytest.mark.parametrize(("state", "action", "actor"), ALLOWED)
def test_allowed_transition(state: str, action: str, actor: str) -> None:
    assert next_state(ApplicationState(state), Action(action), Actor(actor)) == EXPECTED[state, action][0]


@pytest.mark.parametrize(("state", "action", "actor"), WRONG_ACTOR)
def test_the_state_allows_the_action_but_not_for_this_actor(state: str, action: str, actor: str) -> None:
    with pytest.raises(AccessDenied) as denied:
        next_state(ApplicationState(state), Action(action), Actor(actor))
    assert denied.value.code == "application.actor_not_allowed"
    assert denied.value.kind == "forbidden"
    assert denied.value.details["actor"] == actor
    assert set(denied.value.details["allowed_actors"]) == EXPECTED[state, action][1]


@pytest.mark.parametrize(("state", "action", "actor"), WRONG_STATE)
def test_the_action_is_not_allowed_in_this_state(state: str, action: str, actor: str) -> None:
    with pytest.raises(Conflict) as conflict:
        next_state(ApplicationState(state), Action(action), Actor(actor))
    assert conflict.value.code == "application.transition_not_allowed"
    assert conflict.value.kind == "conflict"
    assert conflict.value.details == {"state": state, "action": action}
    for text in conflict.value.message.as_dict().values():
        assert text[0].isupper()
        assert text.endswith(".")
        assert "{" not in text


@pytest.mark.parametrize(("state", "actor"), list(itertools.product(STATES, ACTORS)))
def test_allowed_actions(state: str, actor: str) -> None:
    expected = {
        action for (from_state, action), (_, actors) in EXPECTED.items() if from_state == state and actor in actors
    }
    assert allowed_actions(ApplicationState(state), Actor(actor)) == expected


def test_the_table_has_exactly_the_expected_pairs() -> None:
    assert {(state.value, action.value) for state, action in TRANSITIONS} == set(EXPECTED)


def test_terminal_states_are_the_ones_nothing_leaves() -> None:
    assert {state.value for state in TERMINAL_STATES} == {"approved", "rejected", "withdrawn"}
    for state in TERMINAL_STATES:
        assert all(not allowed_actions(state, actor) for actor in Actor)


def test_every_state_is_reachable_from_draft() -> None:
    reached = {ApplicationState.DRAFT}
    frontier = [ApplicationState.DRAFT]
    while frontier:
        state = frontier.pop()
        for (from_state, _), (target, _) in TRANSITIONS.items():
            if from_state == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(ApplicationState)


def test_a_wrong_state_reads_well_in_every_language() -> None:
    with pytest.raises(Conflict) as conflict:
        next_state(ApplicationState.APPROVED, Action.SUBMIT, Actor.APPLICANT)
    assert conflict.value.message.en == "An application that is approved cannot be submitted."
    assert conflict.value.message.ru == "Заявку в статусе «Одобрена» нельзя подать."
    assert conflict.value.message.kk == "Мақұлданған өтінімді тапсыруға болмайды."


def test_a_draft_reads_as_a_draft() -> None:
    with pytest.raises(Conflict) as conflict:
        next_state(ApplicationState.DRAFT, Action.APPROVE, Actor.REVIEWER)
    assert conflict.value.message.en == "An application that is still a draft cannot be approved."
    assert conflict.value.message.kk == "Жоба күйіндегі өтінімді мақұлдауға болмайды."


def test_a_wrong_actor_is_told_who_may_act() -> None:
    with pytest.raises(AccessDenied) as denied:
        next_state(ApplicationState.IN_REVIEW, Action.APPROVE, Actor.APPLICANT)
    assert (
        denied.value.message.en
        == "An application that is in review can be approved only by a reviewer or an administrator."
    )
    assert (
        denied.value.message.ru
        == "Заявку в статусе «На рассмотрении» может одобрить только эксперт хаба или администратор."
    )
    assert denied.value.message.kk == "Қаралудағы өтінімді мақұлдауға тек сарапшы немесе әкімші құқылы."


def test_staff_cannot_act_for_the_applicant() -> None:
    with pytest.raises(AccessDenied) as denied:
        next_state(ApplicationState.SENT_BACK, Action.WITHDRAW, Actor.ADMIN)
    assert denied.value.message.en == "An application that is sent back can be withdrawn only by the applicant."


@pytest.mark.parametrize(("state", "action", "actor"), WRONG_ACTOR)
def test_every_wrong_actor_message_is_a_sentence(state: str, action: str, actor: str) -> None:
    with pytest.raises(AccessDenied) as denied:
        next_state(ApplicationState(state), Action(action), Actor(actor))
    for text in denied.value.message.as_dict().values():
        assert text[0].isupper()
        assert text.endswith(".")
        assert "{" not in text


def test_state_labels_cover_every_state_and_are_distinct() -> None:
    assert set(STATE_LABELS) == set(ApplicationState)
    for language in ("kk", "ru", "en"):
        labels = [label.in_language(language) for label in STATE_LABELS.values()]
        assert all(labels)
        assert len(set(labels)) == len(labels)
    assert STATE_LABELS[ApplicationState.SENT_BACK].ru == "Возвращена на доработку"


# Decision reasons: a rejection, suspension or revocation always names one of these codes.

REJECTION_CODES = [
    "not_ai_native",
    "insufficient_evidence",
    "evidence_not_verifiable",
    "declaration_inconsistent",
    "company_not_eligible",
    "duplicate_application",
    "other",
]
SANCTION_CODES = [
    "monitoring_no_longer_ai_native",
    "declaration_not_filed",
    "false_information",
    "company_request",
    "company_suspended",
    "company_liquidated",
    "court_decision",
    "other",
]


def test_reason_catalogues_match_their_literal_types() -> None:
    assert list(REJECTION_REASONS) == REJECTION_CODES == list(get_args(RejectionReasonCode))
    assert list(SANCTION_REASONS) == SANCTION_CODES == list(get_args(SanctionReasonCode))


@pytest.mark.parametrize("code", REJECTION_CODES)
def test_rejection_reason(code: str) -> None:
    reason = rejection_reason(code)
    assert reason.code == code
    for text in (*reason.label.as_dict().values(), *reason.description.as_dict().values()):
        assert text.strip()


@pytest.mark.parametrize("code", SANCTION_CODES)
def test_sanction_reason(code: str) -> None:
    reason = sanction_reason(code)
    assert reason.code == code
    for text in (*reason.label.as_dict().values(), *reason.description.as_dict().values()):
        assert text.strip()


def test_not_ai_native_says_what_it_means() -> None:
    assert "AI-native" in rejection_reason("not_ai_native").description.en


@pytest.mark.parametrize("code", ["", "NOT_AI_NATIVE", "court_decision", "liquidated"])
def test_unknown_rejection_reason_lists_the_valid_codes(code: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        rejection_reason(code)
    assert invalid.value.code == "reason.unknown"
    assert [(error.field, error.code) for error in invalid.value.errors] == [("reason_code", "reason.unknown")]
    for language in ("kk", "ru", "en"):
        message = invalid.value.message.in_language(language)
        assert all(valid in message for valid in REJECTION_CODES)


def test_unknown_sanction_reason() -> None:
    with pytest.raises(InvalidInput) as invalid:
        sanction_reason("not_ai_native")
    assert invalid.value.code == "reason.unknown"
    assert invalid.value.details == {"valid_codes": SANCTION_CODES}
