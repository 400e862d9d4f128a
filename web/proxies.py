"""Who sent a request: the client's address and whether it came over HTTPS.

The client is the socket peer. Only when the peer is one of the configured
reverse proxies (``TRUSTED_PROXIES``: comma-separated addresses or networks,
default none) do its ``X-Forwarded-For`` and ``X-Forwarded-Proto`` count:
anybody else can write any address into those headers. Uvicorn's own handling
of these headers is off (``web/__main__.py``) so that this is the one place
that decides.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN = "unbekannt"


def parse_trusted(value: str) -> tuple[str, ...]:
    """``TRUSTED_PROXIES`` as a tuple of networks in text form; ``ValueError``
    names an entry that is no address or network."""
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is no IP address or network") from error
    return entries


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(value: str) -> Address | None:
    """An address from a forwarded hop: ``1.2.3.4``, ``1.2.3.4:5678``,
    ``2001:db8::1`` or ``[2001:db8::1]:5678``; None for anything else."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: Address | None, trusted: tuple[str, ...]) -> bool:
    if address is None or not trusted:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in _networks(trusted))


def _trusted_list(request: Request) -> tuple[str, ...]:
    return request.app.state.settings.trusted_proxies


def _peer(request: Request) -> str:
    return request.client.host if request.client else ""


def client_address(request: Request) -> str:
    """The client's IP address: the peer, or, when the peer is a trusted
    proxy, the nearest address in ``X-Forwarded-For`` that is not a trusted
    proxy (hops are read from the right, where our proxies appended them)."""
    trusted = _trusted_list(request)
    peer = _peer(request)
    if not _trusted(_address(peer), trusted):
        return peer or UNKNOWN
    client = peer
    hops = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not what a proxy writes: keep the last hop we could trust
        client = str(address)
        if not _trusted(address, trusted):
            break
    return client


def came_over_https(request: Request) -> bool:
    """The browser used HTTPS: to us directly, or to a trusted proxy that says
    so in ``X-Forwarded-Proto``."""
    if request.url.scheme == "https":
        return True
    if not _trusted(_address(_peer(request)), _trusted_list(request)):
        return False
    protocols = ",".join(request.headers.getlist("x-forwarded-proto")).split(",")
    return any(protocol.strip().lower() == "https" for protocol in protocols)
