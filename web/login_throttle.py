"""Failed console logins slow further tries down instead of locking anybody out.

Failures are counted per user name and per client address (``web/proxies.py``;
IPv6 addresses per /64 network, which one customer line usually gets). The
first few are free; after that each try must wait a delay that doubles with
every further failure, up to a cap:

* per **address**: 5 free, then 1 s, 2 s, 4 s … up to 15 minutes. One
  attacker's machine soon gets a few tries an hour, for any user name.
* per **user name**: 5 free, then 1 s, 2 s, 4 s … up to 2 minutes. Guessing
  one agent's password from many addresses still gets at most one try every
  two minutes, while the agent, from another address, waits at most that long.

A failure-free hour forgets a key; a successful login forgets its user name
(not its address, so logging in to one's own account does not reset a
guessing run). Counted in the memory of one web process.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """``free`` failures cost nothing; the next waits ``first`` seconds, then
    twice as long per failure, at most ``cap`` seconds."""

    free: int
    first: float
    cap: float

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.first * 2.0 ** min(failures - self.free, 64))


@dataclass
class _Record:
    failures: int
    last: float


PER_ADDRESS = Backoff(free=5, first=1.0, cap=15 * 60)
PER_USER = Backoff(free=5, first=1.0, cap=2 * 60)
FORGET_AFTER = 60 * 60
MAX_KEYS = 10_000


def address_key(address: str) -> str:
    """IPv6 clients by their /64 network, everything else as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return f"addr:{address}"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return f"addr:{parsed.ipv4_mapped}"
        return f"addr:{ipaddress.ip_network(f'{parsed}/64', strict=False)}"
    return f"addr:{parsed}"


def user_key(username: str) -> str:
    return f"user:{username.strip().lower()}"


class LoginThrottle:
    """``wait`` says how many seconds a login for this user name from this
    address must still wait; ``failed`` and ``succeeded`` record the outcome."""

    def __init__(
        self,
        per_address: Backoff = PER_ADDRESS,
        per_user: Backoff = PER_USER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_address = per_address
        self.per_user = per_user
        self.clock = clock
        self._records: dict[str, _Record] = {}

    def _keys(self, username: str, address: str) -> tuple[tuple[str, Backoff], ...]:
        return ((user_key(username), self.per_user), (address_key(address), self.per_address))

    def _record(self, key: str, now: float) -> _Record | None:
        record = self._records.get(key)
        if record is not None and now - record.last > FORGET_AFTER:
            del self._records[key]
            return None
        return record

    def wait(self, username: str, address: str) -> int:
        """Seconds until the next try is allowed; 0: allowed now."""
        now = self.clock()
        longest = 0.0
        for key, backoff in self._keys(username, address):
            record = self._record(key, now)
            if record is not None:
                longest = max(longest, record.last + backoff.delay(record.failures) - now)
        return math.ceil(longest)

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        if len(self._records) > MAX_KEYS:  # many names: forget what has expired
            for key in list(self._records):
                self._record(key, now)
        for key, _ in self._keys(username, address):
            record = self._record(key, now)
            if record is None:
                self._records[key] = _Record(1, now)
            else:
                record.failures += 1
                record.last = now

    def succeeded(self, username: str) -> None:
        self._records.pop(user_key(username), None)


def wait_text(seconds: int) -> str:
    """How long to wait, in German: ``30 Sekunden``, ``1 Minute``, ``15 Minuten``."""
    if seconds < 60:
        seconds = max(1, seconds)
        return f"{seconds} {'Sekunde' if seconds == 1 else 'Sekunden'}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} {'Minute' if minutes == 1 else 'Minuten'}"
