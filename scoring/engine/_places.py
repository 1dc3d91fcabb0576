"""A small gazetteer of countries and large cities, for two jobs that never touch the score.

* Finding the candidate's location line ("Berlin, Germany", "Austin, TX") so it can be reported and
  kept out of scoring.
* Choosing the default region for phone numbers written in national format ("030 1234567" is a
  Berlin number only if the CV is German).

Names are matched case-sensitively as whole words, so "nice" or "reading" in a sentence are not places;
cities that are also common first names or words (Charlotte, Sydney, Reading, Bath, Nice, Mobile) are
left out on purpose.
"""

from __future__ import annotations

import functools
import re

# fmt: off
COUNTRIES: dict[str, str] = {
    "Germany": "DE", "Deutschland": "DE", "France": "FR", "United Kingdom": "GB", "UK": "GB", "U.K.": "GB",
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Great Britain": "GB",
    "United States": "US", "United States of America": "US", "USA": "US", "U.S.A.": "US", "U.S.": "US",
    "India": "IN", "Netherlands": "NL", "The Netherlands": "NL", "Holland": "NL", "Nederland": "NL",
    "Spain": "ES", "Espa\u00f1a": "ES", "Italy": "IT", "Portugal": "PT", "Belgium": "BE", "Switzerland": "CH",
    "Austria": "AT", "Ireland": "IE", "Poland": "PL", "Sweden": "SE", "Norway": "NO", "Denmark": "DK",
    "Finland": "FI", "Canada": "CA", "Australia": "AU", "New Zealand": "NZ", "Singapore": "SG",
    "United Arab Emirates": "AE", "UAE": "AE", "Israel": "IL", "Brazil": "BR", "Mexico": "MX",
    "South Africa": "ZA", "Nigeria": "NG", "Kenya": "KE", "Pakistan": "PK", "Bangladesh": "BD",
    "Sri Lanka": "LK", "Philippines": "PH", "Japan": "JP", "China": "CN", "Ukraine": "UA", "Russia": "RU",
    "Turkey": "TR", "Greece": "GR", "Romania": "RO", "Czech Republic": "CZ", "Czechia": "CZ",
    "Hungary": "HU", "Egypt": "EG", "Luxembourg": "LU", "Argentina": "AR", "Colombia": "CO",
    "Belarus": "BY", "Kazakhstan": "KZ", "Uzbekistan": "UZ",
}
CITIES: dict[str, str] = {
    # Germany
    "Berlin": "DE", "Munich": "DE", "M\u00fcnchen": "DE", "Hamburg": "DE", "Frankfurt": "DE", "Cologne": "DE",
    "K\u00f6ln": "DE", "Stuttgart": "DE", "D\u00fcsseldorf": "DE", "Leipzig": "DE", "Dresden": "DE",
    "Hanover": "DE", "Hannover": "DE", "Nuremberg": "DE", "N\u00fcrnberg": "DE", "Bremen": "DE", "Essen": "DE",
    "Dortmund": "DE", "Bonn": "DE", "Mannheim": "DE", "Karlsruhe": "DE", "Freiburg": "DE",
    "Heidelberg": "DE", "M\u00fcnster": "DE", "Potsdam": "DE", "Aachen": "DE",
    # France
    "Paris": "FR", "Lyon": "FR", "Marseille": "FR", "Toulouse": "FR", "Nantes": "FR", "Strasbourg": "FR",
    "Montpellier": "FR", "Bordeaux": "FR", "Lille": "FR", "Rennes": "FR", "Grenoble": "FR",
    # United Kingdom
    "London": "GB", "Manchester": "GB", "Birmingham": "GB", "Leeds": "GB", "Glasgow": "GB",
    "Edinburgh": "GB", "Liverpool": "GB", "Bristol": "GB", "Sheffield": "GB", "Cardiff": "GB",
    "Belfast": "GB", "Newcastle": "GB", "Nottingham": "GB", "Leicester": "GB", "Brighton": "GB",
    "Southampton": "GB", "Coventry": "GB", "Aberdeen": "GB",
    # United States
    "New York": "US", "New York City": "US", "Los Angeles": "US", "Chicago": "US", "Houston": "US",
    "Phoenix": "US", "Philadelphia": "US", "San Antonio": "US", "San Diego": "US", "Dallas": "US",
    "Austin": "US", "San Francisco": "US", "San Jose": "US", "Seattle": "US", "Boston": "US",
    "Denver": "US", "Atlanta": "US", "Miami": "US", "Minneapolis": "US", "Detroit": "US",
    "Nashville": "US", "Pittsburgh": "US", "Baltimore": "US", "Sacramento": "US", "Columbus": "US",
    # India
    "Mumbai": "IN", "Delhi": "IN", "New Delhi": "IN", "Bangalore": "IN", "Bengaluru": "IN",
    "Hyderabad": "IN", "Chennai": "IN", "Kolkata": "IN", "Pune": "IN", "Ahmedabad": "IN", "Jaipur": "IN",
    "Noida": "IN", "Gurgaon": "IN", "Gurugram": "IN", "Kochi": "IN", "Lucknow": "IN", "Chandigarh": "IN",
    # Netherlands
    "Amsterdam": "NL", "Rotterdam": "NL", "The Hague": "NL", "Den Haag": "NL", "Utrecht": "NL",
    "Eindhoven": "NL", "Groningen": "NL", "Leiden": "NL", "Delft": "NL", "Haarlem": "NL", "Tilburg": "NL",
    # Spain
    "Madrid": "ES", "Barcelona": "ES", "Valencia": "ES", "Seville": "ES", "Sevilla": "ES", "Bilbao": "ES",
    "M\u00e1laga": "ES", "Malaga": "ES", "Zaragoza": "ES", "Granada": "ES", "Alicante": "ES",
    # elsewhere
    "Dublin": "IE", "Brussels": "BE", "Antwerp": "BE", "Zurich": "CH", "Z\u00fcrich": "CH", "Geneva": "CH",
    "Vienna": "AT", "Toronto": "CA", "Vancouver": "CA", "Montreal": "CA", "Melbourne": "AU",
    "Brisbane": "AU", "Auckland": "NZ", "Dubai": "AE", "Abu Dhabi": "AE", "Tel Aviv": "IL",
    "Warsaw": "PL", "Krak\u00f3w": "PL", "Lisbon": "PT", "Porto": "PT", "Milan": "IT", "Rome": "IT",
    "Stockholm": "SE", "Copenhagen": "DK", "Oslo": "NO", "Helsinki": "FI", "Prague": "CZ",
    "Budapest": "HU", "Bucharest": "RO", "Athens": "GR", "Istanbul": "TR", "Cairo": "EG", "Lagos": "NG",
    "Nairobi": "KE", "Karachi": "PK", "Lahore": "PK", "Dhaka": "BD", "Colombo": "LK", "Manila": "PH",
    "Tokyo": "JP", "Shanghai": "CN", "Beijing": "CN", "Kyiv": "UA", "Kiev": "UA", "Cape Town": "ZA",
    "Johannesburg": "ZA", "S\u00e3o Paulo": "BR", "Mexico City": "MX", "Buenos Aires": "AR",
    "Jerusalem": "IL", "Haifa": "IL", "Beer Sheva": "IL", "Beersheba": "IL", "Rehovot": "IL", "Holon": "IL",
    "Netanya": "IL", "Ashdod": "IL", "Rishon LeZion": "IL", "Petah Tikva": "IL", "Herzliya": "IL",
    "Ramat Gan": "IL", "Bat Yam": "IL", "Moscow": "RU", "Saint Petersburg": "RU", "Minsk": "BY",
    "Kharkiv": "UA", "Odesa": "UA", "Odessa": "UA", "Dnipro": "UA", "Lviv": "UA", "Tbilisi": "GE",
    "Almaty": "KZ", "Tashkent": "UZ",
}
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia",
}
# fmt: on

# "Austin, TX", "Springfield, IL 62701": a US state code right after a comma.
_CITY_STATE = re.compile(
    r"\b[A-Z][a-z]+(?:[ .-][A-Z][a-z]+)*\.?,\s*(?:" + "|".join(US_STATES) + r")\b(?:\s+\d{5}(?:-\d{4})?)?"
)
# Postcodes that identify an address line: UK ("SW1A 1AA"), US ZIP after a state, NL ("1012 AB").
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_NL_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")


@functools.cache
def _place_pattern() -> re.Pattern[str]:
    names = {**CITIES, **COUNTRIES, **dict.fromkeys(US_STATES.values(), "US")}
    body = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    # \b does not work after "U.S." (it ends in a dot), hence the explicit look-arounds.
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")


@functools.cache
def _region_of() -> dict[str, str]:
    return {**CITIES, **COUNTRIES, **dict.fromkeys(US_STATES.values(), "US")}


def find_places(text: str) -> list[tuple[str, str, int]]:
    """(name, ISO region, offset) of every gazetteer place and "City, ST" in ``text``, in order."""
    found = [(m.group(0), _region_of()[m.group(0)], m.start()) for m in _place_pattern().finditer(text)]
    found += [(m.group(0), "US", m.start()) for m in _CITY_STATE.finditer(text)]
    found.sort(key=lambda f: f[2])
    return found


def looks_like_place(part: str) -> bool:
    """True when a short text names a place: a gazetteer city/country, "City, ST" or a postcode."""
    return bool(
        _place_pattern().search(part)
        or _CITY_STATE.search(part)
        or _UK_POSTCODE.search(part)
        or _NL_POSTCODE.search(part)
    )


def is_only_place(part: str) -> bool:
    """True when the text is nothing but a place name ("Berlin", "New York"), possibly with a country."""
    rest = _place_pattern().sub("", _CITY_STATE.sub("", part))
    return looks_like_place(part) and not rest.strip(" ,.-\u2013()")
