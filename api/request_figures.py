"""Request counts, latencies and requests in flight, kept as cheaply as the deployment allows.

One process (the default): plain lists and an integer, touched only by the event loop's thread, turned into metric
families when a scrape asks; a request pays a dictionary look-up, a bisection and two additions. Several workers
(``PROMETHEUS_MULTIPROC_DIR``): prometheus-client's metrics, whose values live in files the workers share, so that any
worker's scrape sums them all; each update then takes a lock and writes to a memory-mapped file.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

__all__ = ["LATENCY_BUCKETS", "LocalRequestFigures", "RequestFigures", "SharedRequestFigures"]

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Seconds; from a cached reference read to a release that runs for half a minute."""
_BUCKET_NAMES = [floatToGoString(bound) for bound in LATENCY_BUCKETS] + ["+Inf"]  # type: ignore[no-untyped-call]
LABELS = ("method", "route", "status")
REQUESTS = ("registry_http_requests", "HTTP requests answered, by route template and status.")
LATENCY = ("registry_http_request_duration_seconds", "Time to answer an HTTP request, by route template and status.")
IN_FLIGHT = ("registry_http_requests_in_flight", "HTTP requests being answered now.")


class RequestFigures(Protocol):
    """What the request-metrics layer updates."""

    def started(self) -> None:
        """A request came in."""

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        """A request was answered."""


class LocalRequestFigures(Collector):
    """One process's figures, reported at scrape time (no locks: only the event loop's thread updates them)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self._series: dict[tuple[str, str, int], list[Any]] = {}
        """Per label set: the count of each latency bucket (not cumulative), the +Inf bucket's, then the sum."""

    def started(self) -> None:
        """A request came in."""
        self.in_flight += 1

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        """A request was answered."""
        self.in_flight -= 1
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = [0] * (len(LATENCY_BUCKETS) + 1) + [0.0]
        series[bisect_left(LATENCY_BUCKETS, seconds)] += 1
        series[-1] += seconds

    def collect(self) -> list[Metric]:
        """The figures as Prometheus metric families."""
        requests = CounterMetricFamily(*REQUESTS, labels=LABELS)
        latency = HistogramMetricFamily(*LATENCY, labels=LABELS)
        for (method, route, status), series in list(self._series.items()):
            labels = [method, route, str(status)]
            cumulative = list(accumulate(series[:-1]))
            requests.add_metric(labels, cumulative[-1])
            latency.add_metric(labels, buckets=list(zip(_BUCKET_NAMES, cumulative, strict=True)), sum_value=series[-1])
        return [requests, latency, GaugeMetricFamily(*IN_FLIGHT, value=self.in_flight)]


class SharedRequestFigures:
    """The figures in prometheus-client's metrics (multiprocess mode: the values are in the workers' shared files)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._requests = Counter(*REQUESTS, LABELS, registry=registry)
        self._latency = Histogram(*LATENCY, LABELS, buckets=LATENCY_BUCKETS, registry=registry)
        self._in_flight = Gauge(*IN_FLIGHT, registry=registry, multiprocess_mode="livesum")
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def started(self) -> None:
        """A request came in."""
        self._in_flight.inc()

    def finished(self, method: str, route: str, status: int, seconds: float) -> None:
        """A request was answered (labelled series are looked up once, then reused)."""
        self._in_flight.dec()
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            labels = (method, route, str(status))
            children = self._children[key] = (self._requests.labels(*labels), self._latency.labels(*labels))
        children[0].inc()
        children[1].observe(seconds)
