"""``serve`` notices an edit at once: the operating system's file notifications instead of polling.

MkDocs 1.6 watches the files by polling them every half second (``PollingObserver``): an edit
waits a quarter of a second on average before the rebuild starts, and with 10,000 cases every
poll looks at every file again.  Where the system offers notifications (inotify on Linux, and
watchdog's native observers elsewhere), they are used instead; where starting them fails (no
inotify in some containers, or too few watches allowed), MkDocs' polling is kept.

The observer class is replaced in the one place MkDocs looks it up (``mkdocs.livereload``
calls ``watchdog.observers.polling.PollingObserver`` when the server starts), before the server
is made: MkDocs is pinned below 2.0, and a move to another engine drops this module.
"""

from __future__ import annotations

import logging
import time

import watchdog.events
import watchdog.observers
import watchdog.observers.polling

from showcase.engine.mkdocs import guard

#: MkDocs' live-reload server looks up PollingObserver, and the observer's internals used below,
#: as in these releases.
VERIFIED_ON = {"mkdocs": ("1.6.1",), "watchdog": ("7.1.0",)}

log = logging.getLogger("mkdocs.plugins.showcase")
_Polling = watchdog.observers.polling.PollingObserver


def _observer(timeout: float = 0.5):
    observer = watchdog.observers.Observer(timeout=timeout)
    if isinstance(observer, _Polling):
        return observer
    return _FallingBack(observer, timeout)


class _FallingBack:
    """The native observer, or MkDocs' polling one if the native one cannot watch a folder."""

    def __init__(self, native, timeout: float) -> None:
        self._observer = native
        self._timeout = timeout
        self._started = False

    def schedule(self, handler, path, recursive=False, **kwargs):
        handler = _ChangesOnly(handler)
        try:
            return self._observer.schedule(handler, path, recursive=recursive, **kwargs)
        except OSError as error:
            log.info(f"无法使用系统的文件变更通知（{error}），改为每半秒检查一次文件。")
            self._switch_to_polling()
            return self._observer.schedule(handler, path, recursive=recursive, **kwargs)

    def _switch_to_polling(self) -> None:
        watches = [(w, h) for w, handlers in self._observer._handlers.items() for h in handlers]
        if self._started:
            self._observer.stop()
        self._observer = _Polling(timeout=self._timeout)
        for watch, handler in watches:
            self._observer.schedule(handler, watch.path, recursive=watch.is_recursive)
        if self._started:
            self._observer.start()

    def start(self):
        self._started = True
        self._observer.start()
        if not isinstance(self._observer, _Polling):
            # A native watcher that cannot watch (too few inotify watches allowed, say) fails in
            # its own thread, silently: look, and poll instead.
            time.sleep(0.3)
            if any(not emitter.is_alive() for emitter in self._observer.emitters):
                log.info("无法使用系统的文件变更通知，改为每半秒检查一次文件。")
                self._switch_to_polling()

    def __getattr__(self, name):
        return getattr(self._observer, name)


class _ChangesOnly(watchdog.events.FileSystemEventHandler):
    """Passes on changes only: notifications also tell when a file is merely opened or read
    (the build itself reads every file), which polling never reports and MkDocs would take for
    an edit."""

    IGNORED = {"opened", "closed_no_write"}

    def __init__(self, handler) -> None:
        self.handler = handler

    def dispatch(self, event) -> None:
        if event.event_type not in self.IGNORED:
            self.handler.dispatch(event)


def use_notifications() -> None:
    if guard.verified("watch", VERIFIED_ON):
        watchdog.observers.polling.PollingObserver = _observer
