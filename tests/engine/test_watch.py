"""`serve` watches with the system's file notifications, ignores mere reads, and polls where
notifications cannot be used (showcase/engine/mkdocs/watch.py)."""

from __future__ import annotations

import threading
import time

import watchdog.events
import watchdog.observers.api
import watchdog.observers.polling

from showcase.engine.mkdocs import watch


class _Recorder(watchdog.events.FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[str] = []

    def on_any_event(self, event) -> None:
        if not event.is_directory:
            self.events.append(event.event_type)


def test_edits_are_seen_and_reads_are_not(tmp_path):
    target = tmp_path / "case.md"
    target.write_text("x", encoding="utf-8")
    recorder = _Recorder()
    observer = watch._observer(timeout=0.5)
    observer.schedule(recorder, str(tmp_path), recursive=True)
    observer.start()
    try:
        target.read_text(encoding="utf-8")  # the build reads every file: not an edit
        time.sleep(0.5)
        assert recorder.events == []
        started = time.time()
        target.write_text("y", encoding="utf-8")
        while "modified" not in recorder.events and time.time() - started < 5:
            time.sleep(0.01)
        assert "modified" in recorder.events
        assert time.time() - started < 0.5  # no half-second polling
    finally:
        observer.stop()
        observer.join()


def test_polling_when_the_native_watcher_dies(tmp_path):
    class Dead(threading.Thread):
        def run(self) -> None:
            pass

    class Native:
        """A native observer whose watcher thread failed at start."""

        def __init__(self) -> None:
            self._handlers = {}
            self.emitters = [Dead()]

        def schedule(self, handler, path, recursive=False, **kwargs):
            watch_ = watchdog.observers.api.ObservedWatch(path, recursive=recursive)
            self._handlers.setdefault(watch_, set()).add(handler)
            return watch_

        def start(self) -> None:
            for emitter in self.emitters:
                emitter.start()
                emitter.join()

        def stop(self) -> None:
            pass

    observer = watch._FallingBack(Native(), 0.1)
    recorder = _Recorder()
    observer.schedule(recorder, str(tmp_path), recursive=True)
    observer.start()
    try:
        assert isinstance(observer._observer, watchdog.observers.polling.PollingObserver)
        (tmp_path / "new.md").write_text("z", encoding="utf-8")
        deadline = time.time() + 5
        while not recorder.events and time.time() < deadline:
            time.sleep(0.05)
        assert recorder.events  # the polling observer took over the watch
    finally:
        observer.stop()
        observer.join()
