"""Which address a request comes from, for the per-address sign-in limit.

``X-Forwarded-For`` is read only when the direct peer is one of the trusted proxies
(``REGISTRY_TRUSTED_PROXIES``, empty by default). Each proxy appends the address it received the request from, so
the list is read from the right: trusted proxies are skipped and the first address that is not one is the client
(anything to its left was written by the client and proves nothing). An entry that is not an IP address ends the
walk at the proxy that passed it on.

IPv6 clients are limited per /64 network: one subscriber usually holds a whole /64 and could otherwise take a fresh
address for every attempt.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

__all__ = ["TrustedProxies", "client_address", "rate_limit_key", "trusted_proxies"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
TrustedProxies = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
UNKNOWN = "unknown"
"""The address of a request whose peer is not known (no socket, e.g. some test transports)."""


@functools.cache
def trusted_proxies(entries: tuple[str, ...]) -> TrustedProxies:
    """The networks of ``REGISTRY_TRUSTED_PROXIES`` entries (IP addresses or CIDR blocks).

    Raises:
        ValueError: an entry is neither.
    """
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def client_address(peer: str | None, forwarded_for: Iterable[str], trusted: TrustedProxies) -> str:
    """The client's address: the peer, or when the peer is a trusted proxy, the right-most untrusted hop.

    Args:
        peer: The address of the direct peer (the socket), if known.
        forwarded_for: The ``X-Forwarded-For`` header values in the order received.
        trusted: The trusted proxies.

    Returns:
        The address as text (IPv4-mapped IPv6 addresses as IPv4), or ``unknown``.
    """
    nearest = _parse(peer)
    if nearest is None:
        return UNKNOWN
    if not _is_trusted(nearest, trusted):
        return str(nearest)
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break
        nearest = address
        if not _is_trusted(address, trusted):
            break
    return str(nearest)


def rate_limit_key(address: str) -> str:
    """What the per-address limit counts by: the IPv4 address, or the /64 network of an IPv6 address."""
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return address


def _parse(text: str | None) -> IPAddress | None:
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, trusted: TrustedProxies) -> bool:
    return any(address.version == network.version and address in network for network in trusted)
