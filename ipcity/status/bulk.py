"""The figures of every region at once, for a status of every region (the region matrix, a
snapshot): each indicator's latest figures and each flow's years are read for all regions
in one query, the first time any region needs them, instead of once per region. It answers
the store's questions for the figures (`latest`, `earliest`, `figures_between` and their
many-region forms) and passes every other one on to the store."""

from __future__ import annotations

from datetime import date

from ipcity.base.periods import Figure
from ipcity.store import Store


class BulkFigures:
    def __init__(self, store: Store, regions: list[str], as_of: date | None):
        self.store, self.regions, self.as_of = store, regions, as_of
        self._ends: dict[tuple, dict[str, Figure]] = {}  # (key, cutoff, earliest) -> region -> figure
        self._spans: dict[tuple, dict[str, list[Figure]]] = {}  # (key, start, end) -> region -> figures

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def _all_ends(self, key: str, on_or_before: date | None, earliest: bool) -> dict[str, Figure]:
        """Every region's latest (or earliest) figure up to `on_or_before`, read once. The
        cutoffs asked for are period ends, so there are few of them."""
        wanted = (key, on_or_before, earliest)
        if wanted not in self._ends:
            self._ends[wanted] = self.store.latest_of_regions(key, self.regions, self.as_of, on_or_before, earliest)
        return self._ends[wanted]

    def latest(self, key: str, region: str, as_of: date | None, on_or_before: date | None = None) -> Figure | None:
        if as_of != self.as_of:
            return self.store.latest(key, region, as_of, on_or_before)
        return self._all_ends(key, on_or_before, False).get(region)

    def earliest(self, key: str, region: str, as_of: date | None) -> Figure | None:
        if as_of != self.as_of:
            return self.store.earliest(key, region, as_of)
        return self._all_ends(key, None, True).get(region)

    def latest_of_regions(self, key: str, regions: list[str], as_of: date | None,
                          on_or_before: date | None = None, earliest: bool = False) -> dict[str, Figure]:
        if as_of != self.as_of:
            return self.store.latest_of_regions(key, regions, as_of, on_or_before, earliest)
        found = self._all_ends(key, on_or_before, earliest)
        return {r: found[r] for r in regions if r in found}

    def figures_between(self, key: str, region: str, start: date, end: date, as_of: date | None) -> list[Figure]:
        if as_of != self.as_of:
            return self.store.figures_between(key, region, start, end, as_of)
        span = (key, start, end)
        if span not in self._spans:  # a flow's span is the same for every region: read them all
            self._spans[span] = self.store.figures_between_of_regions(key, self.regions, start, end, as_of)
        return self._spans[span].get(region, [])

    def figures_between_of_regions(self, key: str, regions: list[str], start: date, end: date,
                                   as_of: date | None) -> dict[str, list[Figure]]:
        found = self._spans.get((key, start, end)) if as_of == self.as_of else None
        if found is None:  # a narrower span (the years a region lacks): only these regions
            return self.store.figures_between_of_regions(key, regions, start, end, as_of)
        return {r: found[r] for r in regions if r in found}
