"""The attacker's knowledge as a linear system: every published figure, and the identities that link the cells.

Written from the definitions, not from the project's code:

- a published cell is fixed to its value; a withheld count is at least 0 (zeros may be withheld too), a withheld
  magnitude at least 0; every count is a non-negative integer (rounded when reported);
- within one answer (a response, or a table of a release), a total is the sum of its groups over each breakdown and
  over regions;
- the country is the sum of all regions of the register (a region not asked about is an unknown);
- an OKED section is the sum of its divisions;
- a flow over a window is the sum of the flows over the pieces every window asked about cuts time into
  (month ⊂ quarter ⊂ year, shifted windows, single quarters);
- the funnel: submitted = approved + rejected + undecided, decided = approved + rejected;
- a published ratio fixes its numerator to its denominator within the rounding (approval rate, high-growth share,
  cohort shares); high-growth enterprises are at most the eligible companies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal

from tests.attacker.cells import ADDITIVE_OVER_TIME, COUNTRY, MAGNITUDES, RATIOS, CellKey, Figure
from tests.attacker.linear_system import LinearSystem

NOT_ADDITIVE_OVER_GROUPS = frozenset({"ai_native_moved_in", "ai_native_moved_out"})
"""Moves between groups: the country's are not the sum of the regions' (a move within the country is none)."""

_RATIO_PARTS: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "approval_rate": ("applications_approved", "applications_decided", ()),
    "high_growth_share": ("high_growth_enterprises", "high_growth_eligible", ()),
    "cohort_share_ai_native": ("cohort_ai_native", "cohort_companies", ("years_after",)),
    "cohort_share_active": ("cohort_active", "cohort_companies", ("years_after",)),
}
"""ratio: (numerator, denominator, dimensions the denominator does not have)."""


def _is_unknown(measure: str) -> bool:
    return measure not in RATIOS


class Knowledge:
    """The system built from a harvest, and what was found inconsistent while building it."""

    def __init__(
        self, regions: Iterable[str], division_section: Mapping[str, str], *, zeros_never_hidden: bool = False
    ) -> None:
        self.system = LinearSystem()
        self.zeros_never_hidden = zeros_never_hidden
        self.regions = sorted(regions)
        self.division_section = division_section
        self.published: dict[CellKey, Decimal] = {}
        self.conflicts: list[str] = []

    def learn(self, figures: list[Figure], tables: Mapping[str, list[Figure]]) -> None:
        cells = [f for f in figures if _is_unknown(f.key.measure)]
        for figure in cells:
            self._learn_cell(figure)
        for table in tables.values():
            self._margins({f.key for f in table if _is_unknown(f.key.measure)})
        keys = {f.key for f in cells}
        self._regions(keys)
        self._divisions(keys)
        self._funnel(keys)
        self._windows(set(self.system.lower))
        for figure in figures:
            if figure.key.measure in _RATIO_PARTS and figure.value is not None:
                self._ratio(figure.key, figure.value)
        for key in keys:
            if key.measure == "high_growth_enterprises":
                self.system.at_most({key: 1.0, CellKey("high_growth_eligible", *_rest(key)): -1.0})

    def _learn_cell(self, figure: Figure) -> None:
        key = figure.key
        if figure.value is None:
            hidden_count = self.zeros_never_hidden and key.measure not in MAGNITUDES
            self.system.unknown(key, lower=1.0 if hidden_count else 0.0)
            return
        known = self.published.get(key)
        if known is not None and known != figure.value:
            self.conflicts.append(f"{key} served as {known} and as {figure.value} ({figure.request})")
            return
        self.published[key] = figure.value
        self.system.fix(key, float(figure.value))

    def _margins(self, keys: set[CellKey]) -> None:
        """In one answer: each total is the sum of its groups (over a breakdown, and over regions)."""
        children: dict[tuple[CellKey, str], set[CellKey]] = defaultdict(set)
        for key in keys:
            if key.measure in NOT_ADDITIVE_OVER_GROUPS:
                continue
            for dimension, _ in key.breakdown:
                if key.without(dimension) in keys:
                    children[(key.without(dimension), dimension)].add(key)
            if key.area != COUNTRY and key.with_area(COUNTRY) in keys:
                children[(key.with_area(COUNTRY), "area")].add(key)
        for (total, _), parts in children.items():
            self.system.equal({total: 1.0, **{part: -1.0 for part in parts}})

    def _regions(self, keys: set[CellKey]) -> None:
        """The country is the sum of every region of the register."""
        for key in {k.with_area(COUNTRY) for k in keys if k.area != COUNTRY}:
            if key.measure in NOT_ADDITIVE_OVER_GROUPS or key not in keys:
                continue
            self.system.equal({key: 1.0, **{key.with_area(region): -1.0 for region in self.regions}})

    def _divisions(self, keys: set[CellKey]) -> None:
        """An OKED section is the sum of its divisions (when divisions were asked about)."""
        asked = {(k.without("activity_division"), k.code("activity_division")) for k in keys}
        with_divisions = {total for total, division in asked if division is not None}
        for key in keys:
            section = key.code("activity")
            if section is None:
                continue
            base = key.without("activity")
            if base not in with_divisions:
                continue
            divisions = [d for d, s in self.division_section.items() if s == section]
            parts = {_with(base, "activity_division", d): -1.0 for d in divisions}
            self.system.equal({key: 1.0, **parts})

    def _funnel(self, keys: set[CellKey]) -> None:
        funnel = {"applications_approved", "applications_rejected", "applications_undecided", "applications_decided"}
        seen = {CellKey("applications_submitted", *_rest(k)) for k in keys if k.measure in funnel}
        for submitted in seen:
            rest = _rest(submitted)
            approved, rejected = CellKey("applications_approved", *rest), CellKey("applications_rejected", *rest)
            undecided, decided = CellKey("applications_undecided", *rest), CellKey("applications_decided", *rest)
            self.system.equal({submitted: 1.0, approved: -1.0, rejected: -1.0, undecided: -1.0})
            self.system.equal({decided: 1.0, approved: -1.0, rejected: -1.0})

    def _windows(self, keys: set[object]) -> None:
        """A flow over a window is the sum of the pieces that all windows of its series cut time into."""
        series: dict[tuple[str, str, tuple[tuple[str, str], ...]], set[CellKey]] = defaultdict(set)
        for key in keys:
            if isinstance(key, CellKey) and key.measure in ADDITIVE_OVER_TIME:
                series[(key.measure, key.area, key.breakdown)].add(key)
        for name, members in series.items():
            if len(members) < 2:
                continue
            cuts = sorted({k.start for k in members} | {k.end + timedelta(days=1) for k in members})
            for key in members:
                pieces = [("piece", name, day) for day in cuts if key.start <= day <= key.end]
                if len(pieces) > 1:
                    self.system.equal({key: 1.0, **{piece: -1.0 for piece in pieces}})
                else:
                    self.system.equal({key: 1.0, pieces[0]: -1.0})

    def _ratio(self, key: CellKey, ratio: Decimal) -> None:
        numerator_measure, denominator_measure, dropped = _RATIO_PARTS[key.measure]
        numerator = CellKey(numerator_measure, *_rest(key))
        denominator = CellKey(denominator_measure, *_rest(key))
        for dimension in dropped:
            denominator = denominator.without(dimension)
        exponent = ratio.as_tuple().exponent
        rounding = 0.5 * 10.0 ** (exponent if isinstance(exponent, int) else 0)
        value = float(ratio)
        self.system.at_most({numerator: 1.0, denominator: -(value + rounding)})
        self.system.at_most({numerator: -1.0, denominator: value - rounding})


def _rest(key: CellKey) -> tuple[object, ...]:
    return key.start, key.end, key.area, key.breakdown


def _with(key: CellKey, dimension: str, code: str) -> CellKey:
    return CellKey(key.measure, key.start, key.end, key.area, tuple(sorted((*key.breakdown, (dimension, code)))))
