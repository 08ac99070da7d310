"""Which address the per-address sign-in limit counts by: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from api.auth.client_address import client_address, rate_limit_key, trusted_proxies
from api.settings import Settings

PROXIES = trusted_proxies(("10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1"))


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "expected"),
    [
        ("198.51.100.7", [], "198.51.100.7"),
        ("198.51.100.7", ["203.0.113.9"], "198.51.100.7"),  # the peer is no proxy of ours: the header is ignored
        ("127.0.0.1", ["203.0.113.9"], "127.0.0.1"),  # loopback is not trusted unless configured
        ("10.1.1.1", ["203.0.113.9"], "203.0.113.9"),
        ("10.1.1.1", ["6.6.6.6, 203.0.113.9, 10.2.2.2"], "203.0.113.9"),  # right-most untrusted hop
        ("10.1.1.1", ["6.6.6.6", "203.0.113.9, 10.2.2.2"], "203.0.113.9"),  # several header lines, in order
        ("10.1.1.1", ["10.3.3.3, 10.2.2.2"], "10.3.3.3"),  # only proxies: the farthest one
        ("10.1.1.1", ["203.0.113.9, not-an-ip"], "10.1.1.1"),  # a hop that is not an address ends the walk
        ("10.1.1.1", ["203.0.113.9:443"], "10.1.1.1"),
        ("10.1.1.1", [""], "10.1.1.1"),
        ("192.0.2.1", ["::ffff:203.0.113.9"], "203.0.113.9"),  # IPv4-mapped IPv6 is IPv4
        ("2001:db8:ffff::5", ["2001:db8:1:2::77"], "2001:db8:1:2::77"),
        ("testclient", ["203.0.113.9"], "unknown"),
        (None, ["203.0.113.9"], "unknown"),
    ],
)
def test_client_address(peer: str | None, forwarded_for: list[str], expected: str) -> None:
    assert client_address(peer, forwarded_for, PROXIES) == expected


@given(spoofed=st.lists(st.ip_addresses().map(str), max_size=5), client=st.ip_addresses(v=4).map(str))
def test_nothing_a_client_writes_moves_its_address(spoofed: list[str], client: str) -> None:
    """Through one trusted proxy, the client is what the proxy saw, whatever the client sent before it."""
    assume(not any(ipaddress.ip_address(client) in network for network in PROXIES if network.version == 4))
    header = ", ".join([*spoofed, client])
    assert client_address("10.0.0.1", [header], PROXIES) == client
    assert client_address(client, [header], PROXIES) == client


def test_ipv6_is_limited_per_64_network() -> None:
    assert rate_limit_key("2001:db8:1:2:aaaa::1") == rate_limit_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:db8:1:3::1") != rate_limit_key("2001:db8:1:2::1")
    assert rate_limit_key("203.0.113.9") == "203.0.113.9"
    assert rate_limit_key("unknown") == "unknown"


def test_the_setting_is_a_list_of_addresses_and_networks() -> None:
    assert Settings().trusted_proxies == ()
    settings = Settings.from_env({"REGISTRY_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1 2001:db8::/32"})
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.0.2.1/32", "2001:db8::/32")
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        Settings.from_env({"REGISTRY_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"})
