"""The figures of every region at once, for a status of every region (the region matrix, a
snapshot): each indicator's latest figures and each flow's years are read for all regions
in one query, the first time any region needs them, instead of once per region. It stands
in for the store's figures part (`store.with_figures(BulkFigures(store.figures, ...))`):
it answers `latest`, `earliest`, `between` and their many-region forms, and passes every
other question on to the part it wraps."""

from __future__ import annotations

from datetime import date

from ipcity.base.periods import Figure
from ipcity.store.figures import Figures


class BulkFigures:
    def __init__(self, figures: Figures, regions: list[str], as_of: date | None):
        self.figures, self.regions, self.as_of = figures, regions, as_of
        self._ends: dict[tuple, dict[str, Figure]] = {}  # (key, cutoff, earliest) -> region -> figure
        self._spans: dict[tuple, dict[str, list[Figure]]] = {}  # (key, start, end) -> region -> figures

    def __getattr__(self, name: str):
        return getattr(self.figures, name)

    def _all_ends(self, key: str, on_or_before: date | None, earliest: bool) -> dict[str, Figure]:
        """Every region's latest (or earliest) figure up to `on_or_before`, read once. The
        cutoffs asked for are period ends, so there are few of them."""
        wanted = (key, on_or_before, earliest)
        if wanted not in self._ends:
            self._ends[wanted] = self.figures.latest_of_regions(key, self.regions, self.as_of, on_or_before, earliest)
        return self._ends[wanted]

    def latest(self, key: str, region: str, as_of: date | None, on_or_before: date | None = None) -> Figure | None:
        if as_of != self.as_of:
            return self.figures.latest(key, region, as_of, on_or_before)
        return self._all_ends(key, on_or_before, False).get(region)

    def earliest(self, key: str, region: str, as_of: date | None) -> Figure | None:
        if as_of != self.as_of:
            return self.figures.earliest(key, region, as_of)
        return self._all_ends(key, None, True).get(region)

    def latest_of_regions(self, key: str, regions: list[str], as_of: date | None,
                          on_or_before: date | None = None, earliest: bool = False) -> dict[str, Figure]:
        if as_of != self.as_of:
            return self.figures.latest_of_regions(key, regions, as_of, on_or_before, earliest)
        found = self._all_ends(key, on_or_before, earliest)
        return {r: found[r] for r in regions if r in found}

    def between(self, key: str, region: str, start: date, end: date, as_of: date | None) -> list[Figure]:
        if as_of != self.as_of:
            return self.figures.between(key, region, start, end, as_of)
        span = (key, start, end)
        if span not in self._spans:  # a flow's span is the same for every region: read them all
            self._spans[span] = self.figures.between_of_regions(key, self.regions, start, end, as_of)
        return self._spans[span].get(region, [])

    def between_of_regions(self, key: str, regions: list[str], start: date, end: date,
                                   as_of: date | None) -> dict[str, list[Figure]]:
        found = self._spans.get((key, start, end)) if as_of == self.as_of else None
        if found is None:  # a narrower span (the years a region lacks): only these regions
            return self.figures.between_of_regions(key, regions, start, end, as_of)
        return {r: found[r] for r in regions if r in found}
