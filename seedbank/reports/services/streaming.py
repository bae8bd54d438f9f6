"""Rows read on the event loop, drawn in a worker thread: the bridge between async reads and a sync renderer.

The renderers are plain functions that read an iterator lazily and block while they draw (reportlab). They run
in a worker thread (``asyncio.to_thread``), so the event loop keeps serving; each time the renderer needs more
rows, the iterator it reads asks the event loop for the next batch (``run_coroutine_threadsafe``) and waits for
it. So database reads stay on the loop that owns the connection pool, one batch is in memory at a time, and
nothing is read ahead of the drawing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TypeVar

__all__ = ["render_in_thread"]

T = TypeVar("T")
R = TypeVar("R")


async def _next_batch(batches: AsyncIterator[list[T]]) -> list[T] | None:
    try:
        return await anext(batches)
    except StopAsyncIteration:
        return None


async def render_in_thread(batches: AsyncIterator[list[T]], render: Callable[[Iterator[T]], R]) -> R:
    """``render(items)`` in a worker thread, ``items`` read batch by batch from ``batches`` on this event loop.

    An error raised while reading a batch (a domain error, say) leaves through the renderer to the caller.
    """
    loop = asyncio.get_running_loop()

    def items() -> Iterator[T]:
        while (batch := asyncio.run_coroutine_threadsafe(_next_batch(batches), loop).result()) is not None:
            yield from batch

    try:
        return await asyncio.to_thread(render, items())
    finally:
        # The renderer may stop early (a label that does not fit); close the reads it left. If the request was
        # cancelled while a batch was being read, the generator is busy and closes when that read ends.
        aclose = getattr(batches, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(RuntimeError):
                await aclose()
