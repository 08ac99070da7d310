"""Official tables in the formats economists load directly: SDMX-CSV 2.0 with its data structure, and tidy CSV.

One data structure definition (``ALEMAI:AI_ECOSYSTEM(1.0)``) describes every table: the dimensions of
:data:`registry.statistics.observations.DIMENSIONS`, the measure ``OBS_VALUE`` and the attributes ``UNIT_MEASURE``,
``OBS_STATUS`` (A normal, P provisional) and ``CONF_STATUS`` (F free, C confidential). Each table is a dataflow of it.
The structure message (SDMX-ML 2.1) is built with ``pysdmx``, so it is what SDMX tools expect to read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.model import (
    Code,
    Codelist,
    Component,
    Components,
    Concept,
    ConceptScheme,
    Dataflow,
    DataStructureDefinition,
    DataType,
    Role,
)

from registry.reference.service import activity_rows, region_rows
from registry.statistics.code_names import activity_names, named, region_names
from registry.statistics.dictionary import METRICS
from registry.statistics.observations import DIMENSIONS, NOT_APPLICABLE, TOTAL, Observation

__all__ = ["AGENCY", "DSD_ID", "SDMX_CSV_MEDIA_TYPE", "sdmx_csv", "structure_message", "tidy_csv"]

AGENCY = "ALEMAI"
DSD_ID = "AI_ECOSYSTEM"
VERSION = "1.0"
SDMX_CSV_MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0"
_CONCEPTS = "CS_AI_ECOSYSTEM"
_SPECIAL = (Code(id=TOTAL, name="Total"), Code(id=NOT_APPLICABLE, name="Not applicable"))
_LEGAL_FORMS = {
    "llp": "Limited liability partnership",
    "jsc": "Joint-stock company",
    "ie": "Individual entrepreneur",
    "branch": "Branch",
    "representative_office": "Representative office",
    "other": "Other",
}
_AI_CLASSES = {
    "ai_native": "AI-native",
    "ai_enabled": "AI-enabled",
    "non_ai": "Not AI",
    "undeclared": "No declaration for the period",
    "other": "Not AI-native",
}
_LICENCE_TYPES = {"ai_native": "AI-native licence", "standard_digital": "Standard digital licence"}
_ATTRIBUTES = {
    "UNIT_MEASURE": "Unit of measure",
    "OBS_STATUS": "Observation status: A normal, P provisional",
    "CONF_STATUS": "Confidentiality status: F free, C confidential",
}


def _codelist(concept: str, codes: Mapping[str, str]) -> Codelist:
    items = [Code(id=code, name=name) for code, name in codes.items()]
    return Codelist(id=f"CL_{concept}", agency=AGENCY, version=VERSION, name=concept, items=[*items, *_SPECIAL])


def _codelists() -> dict[str, Codelist]:
    sections = {str(row["code"]): str(row["name_en"]) for row in activity_rows() if row["level"] == "section"}
    return {
        "MEASURE": _codelist("MEASURE", {name: name for name in METRICS}),
        "REF_AREA": _codelist("REF_AREA", {row["kato"]: row["name_en"] for row in region_rows()}),
        "AI_CLASS": _codelist("AI_CLASS", _AI_CLASSES),
        "ACTIVITY": _codelist("ACTIVITY", {**sections, "none": "No primary activity"}),
        "LEGAL_FORM": _codelist("LEGAL_FORM", _LEGAL_FORMS),
        "LICENCE_TYPE": _codelist("LICENCE_TYPE", _LICENCE_TYPES),
        "YEARS_AFTER": _codelist("YEARS_AFTER", {str(n): f"{n} years after" for n in range(1, 6)}),
    }


def _concept(name: str) -> Concept:
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={AGENCY}:{_CONCEPTS}({VERSION}).{name}"
    return Concept(id=name, name=name, urn=urn)


@cache
def structure_message(dataflows: tuple[tuple[str, str], ...]) -> str:
    """The SDMX-ML 2.1 structure message: concepts, codelists, the data structure and the ``dataflows``.

    Args:
        dataflows: ``(id, name)`` of every table.
    """
    codelists = _codelists()
    components = [
        Component(
            id=name,
            required=True,
            role=Role.DIMENSION,
            concept=_concept(name),
            local_dtype=DataType.PERIOD if name == "TIME_PERIOD" else DataType.STRING,
            local_codes=codelists.get(name),
        )
        for name in DIMENSIONS
    ]
    components.append(
        Component(
            id="OBS_VALUE",
            required=False,
            role=Role.MEASURE,
            concept=_concept("OBS_VALUE"),
            local_dtype=DataType.DOUBLE,
        )
    )
    components += [
        Component(
            id=name,
            required=True,
            role=Role.ATTRIBUTE,
            concept=_concept(name),
            local_dtype=DataType.STRING,
            attachment_level="O",
        )
        for name in _ATTRIBUTES
    ]
    names = [*DIMENSIONS, "OBS_VALUE", *_ATTRIBUTES]
    concepts = ConceptScheme(
        id=_CONCEPTS,
        agency=AGENCY,
        version=VERSION,
        name="AI ecosystem concepts",
        items=[Concept(id=name, name=_ATTRIBUTES.get(name, name)) for name in names],
    )
    dsd = DataStructureDefinition(
        id=DSD_ID,
        agency=AGENCY,
        version=VERSION,
        name="Kazakhstan AI ecosystem statistics (AlemAI registry)",
        components=Components(components),
    )
    flows = [
        Dataflow(id=flow_id, agency=AGENCY, version=VERSION, name=name, structure=_dsd_urn())
        for flow_id, name in dataflows
    ]
    message = write_sdmx([concepts, *codelists.values(), dsd, *flows], Format.STRUCTURE_SDMX_ML_2_1)
    assert message is not None
    return message


def _dsd_urn() -> str:
    return f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{DSD_ID}({VERSION})"


def _rows(observations: Iterable[Observation]) -> Iterable[Sequence[str]]:
    for o in observations:
        dimensions = (o.measure, o.ref_area, o.time_period, o.ai_class, o.activity, o.legal_form, o.licence_type)
        yield (
            "dataflow",
            f"{AGENCY}:{o.dataflow}({VERSION})",
            "I",
            *dimensions,
            o.years_after,
            "" if o.value is None else o.value,
            o.unit,
            o.obs_status,
            o.conf_status,
        )


def sdmx_csv(observations: Iterable[Observation]) -> str:
    """SDMX-CSV 2.0: one row per observation, the dataflow in ``STRUCTURE_ID``; a withheld value is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["STRUCTURE", "STRUCTURE_ID", "ACTION", *DIMENSIONS, "OBS_VALUE", *_ATTRIBUTES])
    writer.writerows(_rows(observations))
    return out.getvalue()


_TIDY_HEADER = (
    "dataflow",
    "measure",
    *named("ref_area"),
    "time_period",
    "ai_class",
    *named("activity"),
    "legal_form",
    "licence_type",
    "years_after",
    "value",
    "unit",
    "obs_status",
    "conf_status",
)


def tidy_csv(observations: Iterable[Observation]) -> str:
    """A tidy CSV: one row per observation, region and activity names in kk/ru/en next to their codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_TIDY_HEADER)
    for o in observations:
        writer.writerow(
            (
                o.dataflow,
                o.measure,
                o.ref_area,
                *region_names(o.ref_area),
                o.time_period,
                o.ai_class,
                o.activity,
                *activity_names(o.activity),
                o.legal_form,
                o.licence_type,
                o.years_after,
                "" if o.value is None else o.value,
                o.unit,
                o.obs_status,
                o.conf_status,
            )
        )
    return out.getvalue()
