"""Build the search index in a second process while MkDocs renders pages in the first.

The machines this runs on have two cores and MkDocs renders on one.  Turning each rendered page
into text and grams (about a third of a build at 1,000 cases when done after the last page)
happens here as the pages arrive, so only the final encoding waits for the end of rendering.
Where ``fork`` is not available the same work runs in-process, with the same result.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from showcase.output.search.index import IndexBuilder, SearchDoc
from showcase.output.search.textnorm import html_to_text


def _serve(inbox, outbox) -> None:
    builder: IndexBuilder | None = None
    failure = ""
    while True:
        message = inbox.get()
        if message[0] == "write":
            try:
                if failure:
                    raise RuntimeError(failure)
                outbox.send(("ok", builder.write(Path(message[1]))))
            except BaseException:  # noqa: BLE001  (report to the parent rather than die silently)
                outbox.send(("error", failure or traceback.format_exc()))
            return
        if message[0] == "stop":
            return
        if failure:
            continue  # keep reading, so that the parent never blocks on a full pipe
        try:
            if message[0] == "start":
                builder = IndexBuilder(*message[1:])
            else:  # "add"
                _, position, doc = message
                builder.add(position, doc)
        except BaseException:  # noqa: BLE001
            failure = traceback.format_exc()


#: ``serve`` keeps each rendered body's text here for the next rebuild (see BuildState.load).
TEXT_CACHE: dict[str, str] | None = None


class BackgroundIndexer:
    """Fork the worker while the process is still small (before the content is loaded), then
    ``start`` with the number of documents, ``add`` documents as their pages are rendered and
    ``write`` the index when all are in."""

    def __init__(self, parallel: bool = True) -> None:
        self._builder: IndexBuilder | None = None
        self._process = None
        if parallel and "fork" in mp.get_all_start_methods():
            context = mp.get_context("fork")
            self._inbox = context.SimpleQueue()
            self._results, outbox = context.Pipe(duplex=False)
            self._process = context.Process(target=_serve, args=(self._inbox, outbox), daemon=True)
            self._process.start()
            outbox.close()

    def start(self, n_docs: int, n_cases: int | None = None, synonyms: Sequence[Sequence[str]] = ()) -> None:
        """The index will hold at most ``n_docs`` documents, at positions 0 … n_docs-1, the first
        ``n_cases`` (default: all) the cases; ``synonyms`` are the groups of terms that find each
        other (see :class:`~showcase.output.search.index.IndexBuilder`)."""
        if self._process is None:
            self._builder = IndexBuilder(n_docs, n_cases, synonyms)
        else:
            self._inbox.put(("start", n_docs, n_cases, [list(g) for g in synonyms]))

    def add(self, position: int, doc: SearchDoc, body_html: str) -> None:
        """Queue a document; its ``text`` is computed from ``body_html`` (the rendered body).

        The text is extracted here, in the (one or two) processes that render pages, and only
        the grams in the worker: measured at 1,000 cases, a worker doing both fell behind the
        two renderers and finished 1.5 s after them, on one core."""
        text = TEXT_CACHE.get(body_html) if TEXT_CACHE is not None else None
        if text is None:
            text = html_to_text(body_html)
            if TEXT_CACHE is not None:
                if len(TEXT_CACHE) > 20_000:
                    TEXT_CACHE.clear()
                TEXT_CACHE[body_html] = text
        doc = replace(doc, text=text)
        if self._process is None:
            self._builder.add(position, doc)
        else:
            self._inbox.put(("add", position, doc))

    def write(self, out_dir: Path) -> dict:
        """Write the index and return its statistics; raises if the worker failed."""
        self.request_write(out_dir)
        return self.written()

    def request_write(self, out_dir: Path) -> None:
        """Have the worker write the index (every document is in); :meth:`written` waits for it."""
        if self._process is None:
            self._stats = self._builder.write(out_dir)
        else:
            self._inbox.put(("write", str(out_dir)))

    def written(self) -> dict:
        """The statistics of the index asked for by :meth:`request_write`; raises if it failed."""
        if self._process is None:
            return self._stats
        try:
            status, payload = self._results.recv()
        except EOFError:
            raise RuntimeError("搜索索引进程意外退出") from None
        finally:
            self._process.join(timeout=60)
        if status != "ok":
            raise RuntimeError(f"生成搜索索引失败：\n{payload}")
        return payload

    def close(self) -> None:
        """Stop the worker without writing (a build that failed half-way)."""
        if self._process is not None and self._process.is_alive():
            self._inbox.put(("stop",))
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()
