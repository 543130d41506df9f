"""``AsyncObjectStore``: any ``ObjectStore`` for asyncio code, its blocking calls in worker threads.

A 10 MiB upload to S3 or an fsync on a slow disk must not stall the event loop that also
serves every other call.
"""

from __future__ import annotations

import asyncio

from cskit.objectstore.base import ObjectStore, StoredObject


class AsyncObjectStore:
    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def describe(self) -> str:
        return self.store.describe()

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        return await asyncio.to_thread(self.store.put, key, data, content_type)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self.store.get, key)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.store.exists, key)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.store.delete, key)
