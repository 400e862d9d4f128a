"""Rasa's lock store for several Rasa processes: Redis, and while Redis is
unreachable, locks in this process's memory (production profile,
docs/deployment.md).

Rasa handles two messages of one conversation one after the other by taking a
lock per conversation. With several Rasa processes that lock must live in
Redis (Rasa's ``RedisLockStore``). When Redis goes away, Rasa's store raises
on every message, and Rasa answers nothing at all: the REST channel returns
``200 []``, the widget stays silent. This store instead logs one clear error
("Redis unreachable …"), keeps serving with in-memory locks (each process
still serialises the conversations it handles; two processes could handle two
messages of one conversation at the same moment, which needs a customer
sending from two tabs through two processes within that time), and logs when
Redis is back, from which message on Redis holds the locks again.

    lock_store:
      type: bot.lock_store.FallbackRedisLockStore
      url: 127.0.0.1
      port: 56379
      password: ${REDIS_PASSWORD}
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
# Redis that does not answer within this many seconds counts as unreachable.
SOCKET_TIMEOUT_S = 2.0


class FallbackRedisLockStore(RedisLockStore):
    """``RedisLockStore`` that falls back to in-memory locks while Redis is down."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        kwargs.setdefault("socket_timeout", SOCKET_TIMEOUT_S)
        super().__init__(**kwargs)
        self._memory = InMemoryLockStore()
        self._redis_down = False

    def _failed(self, error: RedisError) -> None:
        if not self._redis_down:
            logger.error(
                "Redis unreachable (%s): conversation locks are kept per Rasa process "
                "until it is back.",
                type(error).__name__,
            )
        self._redis_down = True

    def _worked(self) -> None:
        if self._redis_down:
            logger.warning("Redis reachable again: conversation locks are in Redis again.")
        self._redis_down = False

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        try:
            lock = super().get_lock(conversation_id)
        except RedisError as error:
            self._failed(error)
            return self._memory.get_lock(conversation_id)
        self._worked()
        # A lock taken in memory during the outage stays there until released.
        return lock or self._memory.get_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        if self._memory.get_lock(lock.conversation_id) is not None:
            self._memory.save_lock(lock)
            return
        try:
            super().save_lock(lock)
        except RedisError as error:
            self._failed(error)
            self._memory.save_lock(lock)
            return
        self._worked()

    def delete_lock(self, conversation_id: str) -> None:
        if self._memory.get_lock(conversation_id) is not None:
            self._memory.delete_lock(conversation_id)
            return
        try:
            super().delete_lock(conversation_id)
        except RedisError as error:
            self._failed(error)
            return
        self._worked()
