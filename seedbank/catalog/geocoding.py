"""Geocoding custodians' places with Nominatim (OpenStreetMap), politely, over an injected httpx client.

geopy's ``Nominatim`` builds the query and parses the answer; the HTTP goes through
``HttpxAdapter``, a geopy async adapter over the ``httpx.AsyncClient`` the app (or a test, with
``httpx.MockTransport``) hands in. geopy's own async adapter would need aiohttp.

Nominatim's usage policy (https://operations.osmfoundation.org/policies/nominatim/) is kept by
``NominatimGeocoder``: at most one request a second (a ``RateLimiter`` shared by everything the
geocoder does, and pushed back by a 429's Retry-After), an identifying User-Agent, answers
cached (a ``GeocodeCache``: the database's in the app, ``InMemoryGeocodeCache`` in tests), and a
configurable base URL for a self-hosted Nominatim. Results are © OpenStreetMap contributors
(ODbL): ``GeocodeResult.attribution`` keeps the licence line Nominatim sends.

Failures never escape as geopy's or httpx's exceptions, only as::

    GeocodingError
    ├── GeocoderUnreachable   no answer: DNS, refused connection, timeout → use the gazetteer
    ├── GeocoderRejected      the service answered with an error status (4xx/5xx); .status_code
    └── GeocoderBadAnswer     an answer that is not what Nominatim sends

(geopy itself turns a 503 into "timed out"; here a 503 is what it is, a rejection.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import httpx
import pycountry
from geopy.adapters import AdapterHTTPError, BaseAsyncAdapter  # type: ignore[import-untyped, unused-ignore]
from geopy.exc import (  # type: ignore[import-untyped, unused-ignore]
    GeocoderParseError,
    GeocoderQueryError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.geocoders import Nominatim  # type: ignore[import-untyped, unused-ignore]

from seedbank import __version__
from seedbank.catalog.gazetteer import PRECISIONS, PlacePrecision, coarsest, default_gazetteer
from seedbank.text import fold

__all__ = [
    "DEFAULT_NOMINATIM_URL",
    "USER_AGENT",
    "GeocodeCache",
    "GeocodeResult",
    "GeocoderBadAnswer",
    "GeocoderRejected",
    "GeocoderUnreachable",
    "GeocodingError",
    "HttpxAdapter",
    "InMemoryGeocodeCache",
    "NominatimGeocoder",
    "RateLimiter",
    "guess_precision",
    "normalise_query",
    "place_queries",
]

DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"
USER_AGENT = f"seedbank/{__version__} (+https://github.com/seedbank)"


# --- results and failures -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GeocodeResult:
    """Where the geocoder puts a place, what it called it, and how precisely (see ``guess_precision``)."""

    latitude: float
    longitude: float
    display_name: str
    precision: PlacePrecision
    query: str  # the normalised query that found it: the cache key
    attribution: str | None = None
    source: Literal["geocoded"] = "geocoded"


class GeocodingError(Exception):
    """The geocoder could not answer; the caller places the custodian some other way (the gazetteer)."""


class GeocoderUnreachable(GeocodingError):
    """No answer came: the host could not be reached, or did not answer in time."""


class GeocoderRejected(GeocodingError):
    """The service answered with an error: an HTTP status >= 400 (``status_code``) or a Nominatim error."""

    def __init__(self, message: str, *, status_code: int | None, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retry_after_s = retry_after_s


class GeocoderBadAnswer(GeocodingError):
    """An answer came that is not Nominatim's JSON (an HTML error page, a truncated body)."""


# --- cache -------------------------------------------------------------------------------------------


class GeocodeCache(Protocol):
    """Geocoded places by normalised query (``normalise_query``); only places found are stored."""

    async def get(self, query: str) -> GeocodeResult | None: ...

    async def put(self, query: str, result: GeocodeResult) -> None: ...


class InMemoryGeocodeCache:
    """A ``GeocodeCache`` in a dict: for tests and one-off scripts."""

    def __init__(self) -> None:
        self.results: dict[str, GeocodeResult] = {}

    async def get(self, query: str) -> GeocodeResult | None:
        return self.results.get(query)

    async def put(self, query: str, result: GeocodeResult) -> None:
        self.results[query] = result


def normalise_query(query: str, country_code: str | None = None) -> str:
    """The cache key of a query: folded, spaces collapsed, prefixed by the country it was limited to."""
    return f"{(country_code or '*').lower()}|{fold(query)}"


# --- rate limiting ---------------------------------------------------------------------------------


class RateLimiter:
    """Spaces the starts of requests at least ``min_interval_s`` apart, across concurrent callers.

    The clock and the sleep are injected so that tests need not wait.
    """

    def __init__(
        self,
        min_interval_s: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._next_start = -float("inf")
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when a request may start, and book the next slot."""
        async with self._lock:
            now = self._clock()
            if now < self._next_start:
                await self._sleep(self._next_start - now)
                now = max(self._clock(), self._next_start)
            self._next_start = now + self.min_interval_s

    def hold_off(self, seconds: float) -> None:
        """Start nothing for ``seconds`` from now (a 429's Retry-After)."""
        self._next_start = max(self._next_start, self._clock() + seconds)


# --- the adapter ---------------------------------------------------------------------------------------


class HttpxAdapter(BaseAsyncAdapter):  # type: ignore[misc]  # geopy is untyped
    """geopy's async adapter interface over an injected ``httpx.AsyncClient``.

    Raises what geopy's adapter contract asks for: ``AdapterHTTPError`` for a status >= 400,
    ``GeocoderTimedOut``, ``GeocoderUnavailable``, ``GeocoderParseError``, else
    ``GeocoderServiceError``. The client belongs to the caller: leaving the adapter's context
    does not close it, and its own proxy and TLS settings apply (geopy's are ignored).
    """

    def __init__(self, *, proxies: object, ssl_context: object, client: httpx.AsyncClient) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.client = client

    async def get_text(self, url: str, *, timeout: float | None, headers: Mapping[str, str]) -> str:
        response = await self._get(url, timeout=timeout, headers=headers)
        return response.text

    async def get_json(self, url: str, *, timeout: float | None, headers: Mapping[str, str]) -> Any:
        response = await self._get(url, timeout=timeout, headers=headers)
        try:
            return response.json()
        except ValueError as error:
            raise GeocoderParseError(f"the answer is not JSON: {response.text[:200]!r}") from error

    async def _get(self, url: str, *, timeout: float | None, headers: Mapping[str, str]) -> httpx.Response:
        try:
            response = await self.client.get(url, headers=dict(headers), timeout=timeout)
        except httpx.TimeoutException as error:
            raise GeocoderTimedOut(f"no answer in {timeout} s: {error!r}") from error
        except httpx.TransportError as error:
            raise GeocoderUnavailable(f"cannot reach the geocoder: {error!r}") from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise GeocoderServiceError(f"request failed: {error!r}") from error
        except RuntimeError as error:  # httpx's "the client has been closed": no request can go out
            raise GeocoderUnavailable(f"the HTTP client cannot send: {error}") from error
        if response.status_code >= 400:
            raise AdapterHTTPError(
                f"Non-successful status code {response.status_code}",
                status_code=response.status_code,
                headers=response.headers,
                text=response.text,
            )
        return response


# --- what to ask and what the answer means -------------------------------------------------------------------


def place_queries(
    state: str | None,
    municipality: str | None = None,
    parish: str | None = None,
    address: str | None = None,
    country: str | None = "Venezuela",
) -> list[tuple[str, PlacePrecision]]:
    """Free-form queries from the most precise to the coarsest, each with the precision it can claim.

    ``("Sucre", "Cumaná", None, "Calle Bolívar 12")`` → ``"Calle Bolívar 12, Cumaná, Sucre, Venezuela"``
    (address), ``"Cumaná, Sucre, Venezuela"`` (municipality), ``"Sucre, Venezuela"`` (state).
    Names are given without "Municipio" or "Parroquia": OpenStreetMap's names may or may not
    carry them, and Nominatim matches a name by any of its words.
    """
    tail = [part.strip() for part in (country,) if part and part.strip()]
    levels: list[tuple[str | None, PlacePrecision]] = [
        (address, "address"),
        (parish, "parish"),
        (municipality, "municipality"),
        (state, "state"),
    ]
    queries: list[tuple[str, PlacePrecision]] = []
    for index, (value, precision) in enumerate(levels):
        if not (value and value.strip()):
            continue
        parts = [v.strip() for v, _ in levels[index:] if v and v.strip()] + tail
        queries.append((", ".join(parts), precision))
    return queries


_PRECISION_OF_ADDRESSTYPE: dict[str, PlacePrecision] = {
    "country": "country",
    "state": "state",
    "region": "state",
    "state_district": "state",
    "province": "state",
    "county": "municipality",
    "municipality": "municipality",
    "city": "locality",
    "town": "locality",
    "village": "locality",
    "hamlet": "locality",
    "isolated_dwelling": "locality",
    "farm": "locality",
    "suburb": "locality",
    "quarter": "locality",
    "neighbourhood": "locality",
    "city_block": "address",
    "locality": "locality",
    "road": "address",
    "house_number": "address",
    "house": "address",
    "building": "address",
    "amenity": "address",
    "shop": "address",
    "office": "address",
}


def guess_precision(raw: Mapping[str, Any]) -> PlacePrecision:
    """How precisely a Nominatim result places something, from its class, type, addresstype and rank.

    Administrative boundaries go by rank (Venezuela's admin levels 4, 6 and 8 are its states,
    municipalities and parishes: ranks 8, 12 and 16), since Nominatim's ``addresstype`` for them
    depends on per-country settings; other results by ``addresstype``, then by OSM class and
    type, then by rank (26 and above are streets and buildings).
    """
    osm_class = str(raw.get("class") or raw.get("category") or "")
    osm_type = str(raw.get("type") or "")
    addresstype = str(raw.get("addresstype") or "")
    try:
        rank: int | None = int(raw["place_rank"])
    except (KeyError, TypeError, ValueError):
        rank = None
    if osm_class == "boundary" and osm_type == "administrative" and rank is not None:
        if rank <= 4:
            return "country"
        if rank <= 10:
            return "state"
        if rank <= 14:
            return "municipality"
        return "parish" if rank <= 20 else "locality"
    if addresstype in _PRECISION_OF_ADDRESSTYPE:
        return _PRECISION_OF_ADDRESSTYPE[addresstype]
    if osm_class == "place" and osm_type in _PRECISION_OF_ADDRESSTYPE:
        return _PRECISION_OF_ADDRESSTYPE[osm_type]
    if osm_class in ("building", "amenity", "shop", "office", "craft", "highway", "tourism", "leisure"):
        return "address"
    if rank is not None:
        if rank >= 26:
            return "address"
        if rank >= 17:
            return "locality"
        if rank >= 13:
            return "parish"
        if rank >= 9:
            return "municipality"
        return "state" if rank >= 5 else "country"
    return "locality"


# --- the geocoder --------------------------------------------------------------------------------------------


class NominatimGeocoder:
    """Nominatim behind a rate limiter and a cache, over the given client.

    ``base_url`` is the scheme and host (and path, for a self-hosted Nominatim under one) of the
    service: ``https://nominatim.openstreetmap.org`` or ``http://geo.example.org:8080/nominatim``.
    A ``ValueError`` at construction means a base URL that is not http(s).
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str = DEFAULT_NOMINATIM_URL,
        user_agent: str = USER_AGENT,
        timeout_s: float = 10.0,
        cache: GeocodeCache | None = None,
        rate_limiter: RateLimiter | None = None,
        language: str = "es",
    ) -> None:
        url = urlsplit(base_url.strip())
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ValueError(f"the geocoder's base URL must be http(s)://host[/path], not {base_url!r}")
        self.base_url = f"{url.scheme}://{url.netloc}{url.path.rstrip('/')}"
        self.cache: GeocodeCache = cache if cache is not None else InMemoryGeocodeCache()
        self.rate_limiter = rate_limiter if rate_limiter is not None else RateLimiter(1.0)
        self.language = language
        self._nominatim = Nominatim(
            domain=f"{url.netloc}{url.path.rstrip('/')}",
            scheme=url.scheme,
            user_agent=user_agent,
            timeout=timeout_s,
            adapter_factory=partial(HttpxAdapter, client=client),
        )

    async def geocode(
        self, query: str, *, country_code: str | None = None, state: str | None = None
    ) -> GeocodeResult | None:
        """The first place Nominatim finds for a free-form query, or None; from the cache when known.

        With ``state``, a Venezuelan place found in another state is not taken (None).
        Raises ``GeocoderUnreachable``, ``GeocoderRejected`` or ``GeocoderBadAnswer``.
        """
        key = normalise_query(query, country_code)
        cached = await self.cache.get(key)
        if cached is not None:
            return cached
        await self.rate_limiter.wait()
        try:
            location = await self._nominatim.geocode(
                query,
                exactly_one=True,
                addressdetails=True,
                language=self.language,
                country_codes=country_code,
            )
            if location is None or not _in_state(location.raw, state):
                return None
            result = _result(location.raw, location.address, key)
        except GeopyError as error:
            raise self._failure(error) from error
        except httpx.HTTPError as error:  # the adapter maps these; kept so that none can ever escape
            raise GeocoderUnreachable(f"cannot reach the geocoder: {error!r}") from error
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise GeocoderBadAnswer(f"unexpected answer from the geocoder: {error!r}") from error
        await self.cache.put(key, result)
        return result

    async def geocode_place(
        self,
        state: str | None,
        municipality: str | None = None,
        parish: str | None = None,
        address: str | None = None,
        country: str = "Venezuela",
        *,
        down_to: PlacePrecision = "state",
    ) -> GeocodeResult | None:
        """A custodian's place: the most precise of ``place_queries`` that Nominatim finds, or None.

        Queries go from the address down to the state (or to ``down_to``: the gazetteer already
        places every Venezuelan state and municipality, so ``down_to="parish"`` spends requests
        only where the network can do better). Names the gazetteer knows are sent in their
        official spelling. A result claims no more precision than the query that found it.
        Raises ``GeocoderUnreachable``, ``GeocoderRejected`` or ``GeocoderBadAnswer`` on the
        first failure, so the caller can fall back at once.
        """
        country_code = _country_code(country)
        if country_code == "ve":
            known = default_gazetteer().locate(state, municipality, parish)
            if known is not None:
                state = known.state
                municipality = known.municipality or municipality
                parish = known.parish or parish
        last = PRECISIONS.index(down_to)
        for query, query_precision in place_queries(state, municipality, parish, address, country):
            if PRECISIONS.index(query_precision) > last:
                break
            result = await self.geocode(query, country_code=country_code, state=state)
            if result is not None:
                return replace(result, precision=coarsest(result.precision, query_precision))
        return None

    def _failure(self, error: Exception) -> GeocodingError:
        """geopy's exception → ours. geopy raises its status exceptions ``from`` the adapter's error."""
        cause = error.__cause__
        if isinstance(cause, AdapterHTTPError):
            retry_after = getattr(error, "retry_after", None) if isinstance(error, GeocoderRateLimited) else None
            if retry_after:
                self.rate_limiter.hold_off(float(retry_after))
            return GeocoderRejected(
                f"the geocoder answered {cause.status_code}", status_code=cause.status_code, retry_after_s=retry_after
            )
        if isinstance(error, GeocoderTimedOut | GeocoderUnavailable):
            return GeocoderUnreachable(str(error))
        if isinstance(error, GeocoderQueryError):
            return GeocoderRejected(f"the geocoder refused the query: {error}", status_code=None)
        if isinstance(error, GeocoderParseError):
            return GeocoderBadAnswer(str(error))
        return GeocoderBadAnswer(f"the exchange with the geocoder failed: {error}")


def _result(raw: Mapping[str, Any], display_name: str | None, key: str) -> GeocodeResult:
    latitude, longitude = float(raw["lat"]), float(raw["lon"])
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"coordinates out of range: {latitude}, {longitude}")
    licence = raw.get("licence")
    return GeocodeResult(
        latitude=latitude,
        longitude=longitude,
        display_name=str(display_name or raw.get("display_name") or ""),
        precision=guess_precision(raw),
        query=key,
        attribution=str(licence) if licence else None,
    )


def _in_state(raw: Mapping[str, Any], state: str | None) -> bool:
    """False when the answer lies in another Venezuelan state than the one asked for."""
    address = raw.get("address")
    if not state or not isinstance(address, Mapping) or not address.get("state"):
        return True
    gazetteer = default_gazetteer()
    asked, found = gazetteer.canonical_state(state), gazetteer.canonical_state(str(address["state"]))
    return asked is None or found is None or asked == found


def _country_code(country: str | None) -> str | None:
    """ISO 3166 alpha-2 code for Nominatim's ``countrycodes``, or None when the name is not known."""
    if not country:
        return None
    try:
        return str(pycountry.countries.lookup(country.strip()).alpha_2).lower()
    except LookupError:
        return None
