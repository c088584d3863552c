"""Django's Redis cache backend, keeping one redis-py client per pool.

Django makes a new ``redis.Redis`` object for every cache call. redis-py 7
fills its table of response callbacks in that constructor, which cost more
than the round trip to Redis: about 0.3 ms of the 1 ms a cached page took
(profiled under `make bench`). A client is thread-safe and only borrows
connections from its pool, so one per pool serves every call; the pool
itself already reconnects after gunicorn forks a worker.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
