"""Serve's watch of data/: a rebuild on every change under it, even after data/ itself is deleted or renamed and put back."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEvent
    from watchdog.observers.api import ObservedWatch

# How often serve looks under data/ for a change. MkDocs looks at docs/ every 0.5 s, so a saved story waited 0.25 s
# on average before its rebuild began, a quarter of the sample's whole save-to-page time. A look stats every file
# (about 7 µs a file on the 2-core machine), so data/ is looked at as often as keeps that near 1% of a core: every
# 0.1 s up to about 150 files, MkDocs' own 0.5 s from about 700.
DATA_POLL_SECONDS_PER_FILE = 0.0007
DATA_POLL_SECONDS = (0.1, 0.5)


class DataFolderWatch(FileSystemEventHandler):
    """Rebuilds on every change under data/, and keeps doing so when data/ itself is deleted, renamed or put back.

    MkDocs' own watch of a folder ends for good when the folder goes away (watchdog stops polling it), and
    it ignores folders' events, so a data/ renamed and renamed back was never seen again. This also
    watches data/'s parent (its own entries, not the tree below) and watches data/ anew when it appears.
    Its own observer looks more often than MkDocs' does (DATA_POLL_SECONDS).
    """

    def __init__(self, server: LiveReloadServer, data: Path) -> None:
        super().__init__()
        self.server = server
        self.data = str(data)
        self.watch: ObservedWatch | None = None
        files = sum(len(names) for _, _, names in os.walk(self.data))
        self.observer = PollingObserver(timeout=data_poll_interval(files))

    def start(self) -> None:
        self.observer.schedule(self, os.path.dirname(self.data), recursive=False)
        self.watch_data_folder()
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()

    def watch_data_folder(self) -> None:
        """Watch data/ afresh, if it is a real folder: a watch outlives no deletion of its folder."""
        if self.watch is not None:
            self.observer.unschedule(self.watch)
            self.watch = None
        if os.path.isdir(self.data) and not os.path.islink(self.data):
            self.watch = self.observer.schedule(self, self.data, recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        if self.data in paths and event.event_type in ("created", "deleted", "moved"):
            self.watch_data_folder()
        elif not any(path.startswith(self.data + os.sep) for path in paths):
            return  # a file beside data/, or data/'s own modification time
        elif event.is_directory and event.event_type == "modified":
            return  # a folder's modification time: its files' own events follow
        # What MkDocs' own watch does on a change: LiveReloadServer has no public call for it.
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def data_poll_interval(files: int) -> float:
    """Seconds between two looks under data/ when it holds `files` files (DATA_POLL_SECONDS)."""
    shortest, longest = DATA_POLL_SECONDS
    return min(longest, max(shortest, files * DATA_POLL_SECONDS_PER_FILE))
