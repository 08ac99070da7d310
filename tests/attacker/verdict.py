"""The attack and its verdict: which confidential cells the published figures give away, and which public ones are
wrong or withheld.

Protection stated by the project (README, "What is public, what is protected"): a withheld count that a primary
rule makes sensitive (fewer than k = 3 companies) must keep ``hi >= v + 3`` and ``lo <= max(0, v - 3)``; a
sensitive magnitude (AI FTE: fewer than 3 companies, or the two largest above 85 %) ``hi >= v + p`` and
``lo <= max(0, v - p)`` with ``p = max(0.25 v, 1)`` — each as far as the public figures allow (the bounds the
attacker would have if every confidential figure were withheld). Every other withheld confidential cell must merely
not be determined exactly. Zeros may be withheld, so a withheld count is only known to be at least 0. Medians and
percentiles come from at least 10 companies. No single company's figure is the difference of two published
figures.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from tests.attacker.cells import ADDITIVE_OVER_TIME, MAGNITUDES, RATIOS, WINDOWED_RATIOS, CellKey, Figure, period_window
from tests.attacker.harvest import Harvest
from tests.attacker.identities import Knowledge
from tests.attacker.linear_system import Bounds, bound, violated
from tests.attacker.oracle import Oracle, TrueCell

K = 3
DOMINANCE_SHARE = Decimal("0.85")
MIN_QUANTILE_CONTRIBUTORS = 10
MOST_TARGETS_PER_PART = 60
"""Withheld cells bounded per connected part of the system (two linear programs each); a part with more is one
where confidential cells are served for any window and region, which the contract forbids anyway."""
SHOWN = 25
"""Findings listed per kind in a failure message (all are counted)."""


@dataclass
class Verdict:
    """What the attack found; each list holds one line per offending cell."""

    pinned: list[str] = field(default_factory=list)
    narrow: list[str] = field(default_factory=list)
    isolated: list[str] = field(default_factory=list)
    published_sensitive: list[str] = field(default_factory=list)
    small_quantiles: list[str] = field(default_factory=list)
    unofficial: list[str] = field(default_factory=list)
    """Live requests that served a confidential figure for a window or day no release has."""
    zeros_withheld: list[str] = field(default_factory=list)
    reasons_shown: list[str] = field(default_factory=list)
    public_withheld: list[str] = field(default_factory=list)
    public_wrong: list[str] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    harness: list[str] = field(default_factory=list)
    """Errors while asking (5xx, CSV that disagrees with JSON) and bounds that miss the oracle's true value."""
    withheld_confidential: int = 0
    bounded: int = 0
    unknown_truth: int = 0
    not_attacked: int = 0
    requests: int = 0
    refused: list[str] = field(default_factory=list)

    def failures(self) -> dict[str, list[str]]:
        kinds = {
            "confidential cells determined exactly": self.pinned,
            "sensitive cells bounded narrower than the protection interval": self.narrow,
            "single companies isolated by differencing": self.isolated,
            "sensitive confidential cells published": self.published_sensitive,
            "quantiles published from fewer than 10 companies": self.small_quantiles,
            "live requests serving confidential figures outside official periods": self.unofficial,
            "public cells withheld": self.public_withheld,
            "public cells that differ from the direct count": self.public_wrong,
            "one cell served with two values": self.inconsistent,
            "answers that show economists why a cell is withheld": self.reasons_shown,
            "harness: errors, CSV/JSON disagreements, bounds that exclude the true value": self.harness,
        }
        if self.not_attacked:
            kinds[f"withheld cells left unbounded (over {MOST_TARGETS_PER_PART} in one part)"] = [
                f"{self.not_attacked} cells: the attack is incomplete, so it cannot pass"
            ]
        return {kind: lines for kind, lines in kinds.items() if lines}

    def message(self, ecosystem: str) -> str:
        lines = [
            f"{ecosystem}: {self.requests} requests ({len(self.refused)} refused: {_refusals(self.refused)}), "
            f"{self.withheld_confidential} withheld "
            f"confidential cells ({self.not_attacked} not bounded: over {MOST_TARGETS_PER_PART} in one part; "
            f"{self.unknown_truth} without an oracle value)"
        ]
        for kind, found in self.failures().items():
            lines.append(f"- {len(found)} {kind}:")
            lines.extend(f"    {line}" for line in found[:SHOWN])
            if len(found) > SHOWN:
                lines.append(f"    ... and {len(found) - SHOWN} more")
        return "\n".join(lines)


def _refusals(refused: list[str]) -> str:
    """How many requests of each kind were refused: ``timeseries metric=... interval=... -> 422 code``."""
    kinds: Counter[str] = Counter()
    for line in refused:
        request, _, answer = line.partition(" -> ")
        path, _, query = request.removeprefix("GET /api/v1/metrics/").partition("?")
        shown = [p for p in query.split("&") if p.split("=")[0] in ("metric", "group_by")]
        kinds[f"{path} {' '.join(shown)} -> {answer}".replace("  ", " ")] += 1
    return "; ".join(f"{n}× {kind}" for kind, n in kinds.most_common())


def judge(harvest: Harvest, oracle: Oracle) -> Verdict:
    """Attack everything the harvest holds."""
    verdict = Verdict(
        requests=harvest.requests,
        refused=harvest.refused,
        harness=list(harvest.errors),
        reasons_shown=list(harvest.reasons_shown),
    )

    def confidential(measure: str) -> bool:
        return harvest.source_classes.get(measure, "confidential") == "confidential"

    _public_cells(harvest, oracle, verdict, confidential)
    verdict.unofficial.extend(_unofficial_requests(harvest, confidential))
    knowledge = Knowledge(oracle.regions, oracle.division_section)
    knowledge.learn(harvest.figures, harvest.tables())
    verdict.inconsistent.extend(knowledge.conflicts)
    requests = _requests_by_key(harvest.figures)
    withheld = sorted(
        {f.key for f in harvest.figures if f.withheld and confidential(f.key.measure) and f.key.measure not in RATIOS}
    )
    ratio_parts = _withheld_ratio_parts(harvest, confidential)
    targets = sorted(set(withheld) | {part for parts in ratio_parts.values() for part in parts})
    verdict.inconsistent.extend(_broken_identities(knowledge))
    bounds = bound(knowledge.system, targets, most_per_part=MOST_TARGETS_PER_PART)
    verdict.not_attacked = sum(1 for key in withheld if key not in bounds)
    contradicted = [target for target, found in bounds.items() if found is None]
    misled = [
        target for target, found in bounds.items() if found is not None and _excludes_truth(target, found, oracle)
    ]
    if contradicted or misled:
        verdict.harness.extend(f"{key}: the attacker's bounds exclude the true value" for key in misled)
        verdict.harness.extend(f"{key}: the published figures contradict the identities" for key in contradicted)
    ceilings = _public_only_bounds(harvest, oracle, confidential, targets)
    verdict.withheld_confidential = len(withheld)
    for key in withheld:
        truth = oracle.cell(key)
        if truth is not None and truth.value == 0 and key.measure not in MAGNITUDES:
            verdict.zeros_withheld.append(f"{key} is 0 ({requests[key][0]})")
        if key in bounds:
            _judge_withheld(key, bounds[key], truth, requests[key], verdict, ceilings.get(key))
    verdict.zeros_withheld.sort(key=lambda line: "hold only if" in line)  # the oracle's zeros first
    for ratio, (numerator, denominator) in ratio_parts.items():
        if all(_is_pinned(bounds.get(part)) for part in (numerator, denominator)):
            verdict.pinned.append(f"{ratio}: its numerator and denominator are determined ({requests[ratio][0]})")
    _differencing(harvest, oracle, verdict, confidential)
    _quantiles(harvest, oracle, verdict)
    return verdict


def _is_official(key: CellKey) -> bool:
    """A whole fiscal year or quarter (flows, the funnel), or a quarter's last day (stocks such as AI FTE)."""
    if key.measure in ADDITIVE_OVER_TIME or key.measure in WINDOWED_RATIOS:
        return (key.start, key.end) in {period_window(f"{key.start.year}{q}") for q in ("", "-Q1", "-Q2", "-Q3", "-Q4")}
    if key.measure in MAGNITUDES:
        return key.start == period_window(f"{key.start.year}-Q{(key.start.month - 1) // 3 + 1}")[1]
    return True


def _unofficial_requests(harvest: Harvest, confidential: Callable[[str], bool]) -> list[str]:
    found: dict[str, set[str]] = defaultdict(set)
    for figure in harvest.figures:
        live = figure.request.startswith("GET /api/v1/metrics")
        if live and confidential(figure.key.measure) and not _is_official(figure.key):
            found[figure.request].add(figure.key.measure)
    return [f"{request} served {', '.join(sorted(measures))}" for request, measures in sorted(found.items())]


def _broken_identities(knowledge: Knowledge) -> list[str]:
    lines = []
    for terms in violated(knowledge.system, tolerance=0.011):
        shown = ", ".join(f"{c:+g}×{n}={knowledge.system.lower[n]:g}" for n, c in list(terms.items())[:6])
        lines.append(f"published figures break the identity 0 = {shown}{' ...' if len(terms) > 6 else ''}")
    return lines


def _requests_by_key(figures: list[Figure]) -> dict[CellKey, list[str]]:
    found: dict[CellKey, list[str]] = defaultdict(list)
    for figure in figures:
        found[figure.key].append(figure.request)
    return found


def _excludes_truth(key: CellKey, found: Bounds, oracle: Oracle) -> bool:
    truth = oracle.cell(key)
    if truth is None:
        return False
    lo, hi = _rounded(key, found)
    return not lo - 1e-6 <= float(truth.value) <= hi + 1e-6


def _is_pinned(bounds: Bounds | None) -> bool:
    return bounds is not None and bounds.pinned


def _rounded(key: CellKey, bounds: Bounds) -> tuple[float, float]:
    if key.measure in MAGNITUDES:
        return bounds.lo, bounds.hi
    return math.ceil(bounds.lo - 1e-6), (math.floor(bounds.hi + 1e-6) if math.isfinite(bounds.hi) else math.inf)


def _sensitive(key: CellKey, truth: TrueCell) -> bool:
    if 0 < truth.contributors < K:
        return True
    if key.measure in MAGNITUDES and truth.value > 0:
        largest = sorted(truth.contributions.values(), reverse=True)[:2]
        return sum(largest) > DOMINANCE_SHARE * truth.value
    return False


def _public_only_bounds(
    harvest: Harvest, oracle: Oracle, confidential: Callable[[str], bool], targets: list[CellKey]
) -> dict[CellKey, Bounds | None]:
    """What the attacker would know of each target with every confidential figure withheld: the public ones alone
    (a public cohort of three holds at most three active companies, whatever is withheld)."""
    public_only = [Figure(f.key, None, f.request) if confidential(f.key.measure) else f for f in harvest.figures]
    knowledge = Knowledge(oracle.regions, oracle.division_section)
    knowledge.learn(public_only, harvest.tables())
    return bound(knowledge.system, targets)


def _judge_withheld(
    key: CellKey,
    bounds: Bounds | None,
    truth: TrueCell | None,
    served_by: list[str],
    verdict: Verdict,
    ceiling: Bounds | None = None,
) -> None:
    where = f"withheld in {served_by[0]}" + (f" (+{len(served_by) - 1} more)" if len(served_by) > 1 else "")
    if bounds is None:
        verdict.harness.append(f"{key}: the published figures contradict the identities ({where})")
        return
    lo, hi = _rounded(key, bounds)
    if truth is None:
        verdict.unknown_truth += 1
        if lo == hi:
            verdict.pinned.append(f"{key} = {lo:g} ({where})")
        return
    value = float(truth.value)
    if not lo - 1e-6 <= value <= hi + 1e-6:
        verdict.harness.append(f"{key}: true value {value:g} outside the attacker's [{lo:g}, {hi:g}] ({where})")
        return
    if hi - lo < 1e-6:
        verdict.pinned.append(f"{key} = {value:g} from {truth.contributors} companies ({where})")
        return
    if not _sensitive(key, truth):
        return
    margin = max(0.25 * value, 1.0) if key.measure in MAGNITUDES else float(K)
    need_lo, need_hi = max(0.0, value - margin), value + margin
    if ceiling is not None:  # as far as the public figures allow
        public_lo, public_hi = _rounded(key, ceiling)
        need_lo, need_hi = max(need_lo, public_lo), min(need_hi, public_hi)
    wide = hi >= need_hi - 1e-6 and lo <= need_lo + 1e-6
    if not wide:
        verdict.narrow.append(
            f"{key} = {value:g} from {truth.contributors} companies, attacker's interval [{lo:g}, {hi:g}] ({where})"
        )


def _withheld_ratio_parts(
    harvest: Harvest, confidential: Callable[[str], bool]
) -> dict[CellKey, tuple[CellKey, CellKey]]:
    """Withheld approval rates and high-growth shares, with the cells they are the ratio of."""
    parts = {"approval_rate": ("applications_approved", "applications_decided")}
    parts["high_growth_share"] = ("high_growth_enterprises", "high_growth_eligible")
    found = {}
    for figure in harvest.figures:
        if figure.withheld and figure.key.measure in parts:
            rest = (figure.key.start, figure.key.end, figure.key.area, figure.key.breakdown)
            numerator, denominator = parts[figure.key.measure]
            found[figure.key] = (CellKey(numerator, *rest), CellKey(denominator, *rest))
    return found


def _public_cells(harvest: Harvest, oracle: Oracle, verdict: Verdict, confidential: Callable[[str], bool]) -> None:
    checked: set[CellKey] = set()
    for figure in harvest.figures:
        if harvest.source_classes.get(figure.key.measure) != "public":
            continue
        if figure.withheld:
            verdict.public_withheld.append(f"{figure.key} ({figure.request})")
            continue
        if figure.key in checked:
            continue
        checked.add(figure.key)
        truth = oracle.cell(figure.key)
        if truth is not None and truth.value != figure.value:
            verdict.public_wrong.append(
                f"{figure.key}: served {figure.value}, direct count {truth.value} ({figure.request})"
            )


def _differencing(harvest: Harvest, oracle: Oracle, verdict: Verdict, confidential: Callable[[str], bool]) -> None:
    """Two published figures whose contributors differ by exactly one company (and agree on all others)."""
    by_measure: dict[str, dict[frozenset[tuple[object, Decimal]], Figure]] = defaultdict(dict)
    for figure in harvest.figures:
        if figure.withheld or not confidential(figure.key.measure) or figure.key.measure in RATIOS:
            continue
        truth = oracle.cell(figure.key)
        if truth is None:
            continue
        if abs(truth.value - figure.value) > Decimal("0.01"):
            verdict.harness.append(
                f"{figure.key}: served {figure.value}, the oracle says {truth.value} ({figure.request})"
            )
        if _sensitive(figure.key, truth):
            verdict.published_sensitive.append(
                f"{figure.key} = {figure.value} from {truth.contributors} companies ({figure.request})"
            )
        by_measure[figure.key.measure].setdefault(frozenset(truth.contributions.items()), figure)
    for figures in by_measure.values():
        for signature, figure in figures.items():
            for company, share in signature:
                smaller = figures.get(signature - {(company, share)})
                if smaller is not None:
                    verdict.isolated.append(
                        f"company {company}: {figure.key.measure} {share} = {figure.key} ({figure.request}) minus "
                        f"{smaller.key} ({smaller.request})"
                    )


def _quantiles(harvest: Harvest, oracle: Oracle, verdict: Verdict) -> None:
    seen: set[CellKey] = set()
    for figure in harvest.figures:
        if figure.withheld or figure.key in seen:
            continue
        if figure.key.measure in ("days_to_decision_median", "days_to_decision_p90"):
            seen.add(figure.key)
            base = oracle.quantile_base(figure.key)
            if base < MIN_QUANTILE_CONTRIBUTORS:
                verdict.small_quantiles.append(
                    f"{figure.key} = {figure.value} from {base} decisions ({figure.request})"
                )
