"""Work done in a forked process while the calling process goes on (Linux and macOS have
``fork``; elsewhere the work is simply done at once).

The forked child inherits the loaded site, so nothing but the result is pickled.  Used where
measurement showed one core idle before rendering: reading half of the submissions
(:mod:`showcase.load`), generating half of the case pages (:mod:`showcase.generate.pages`) and making
the data files (:mod:`showcase.pipeline`).
"""

from __future__ import annotations

import multiprocessing as mp

#: From this many submissions on, forking pays (measured: at 10,000 cases reading took 8.9 s on
#: one core and 4.4 s on two; at 1,000 generating the case pages 0.55 s and 0.35 s; at 300, in
#: ``serve``, it still pays).
PARALLEL_FROM = 150


class Background:
    """``function(*args)`` in a forked process; :meth:`result` waits for it.  ``what`` names the
    work in the error raised if it fails."""

    def __init__(self, what: str, function, *args) -> None:
        self._what = what
        self._value = None
        self._child = None
        if "fork" not in mp.get_all_start_methods():
            self._value = ("ok", function(*args))
            return
        context = mp.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_send_result, args=(sender, function, args), daemon=True)
        self._child.start()
        sender.close()

    def result(self):
        if self._child is not None:
            try:
                self._value = self._receiver.recv()
            except EOFError:
                self._value = ("error", "进程意外退出")
            finally:
                self._child.join()
                self._child = None
        status, value = self._value
        if status != "ok":
            raise RuntimeError(f"{self._what}失败：\n{value}")
        return value


def _send_result(connection, function, args) -> None:
    try:
        connection.send(("ok", function(*args)))
    except BaseException:  # noqa: BLE001  (reported by the parent)
        import traceback

        connection.send(("error", traceback.format_exc()))
    finally:
        connection.close()
