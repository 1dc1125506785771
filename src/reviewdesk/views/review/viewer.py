"""The main window's certificate viewer: opened with Space/Enter or a thumbnail (the 操作 column's 查看
opens the 审核详情 instead, as in the seed); it follows the list's current record, and the next
record's scans are decoded ahead.

Why prefetch: a reviewer looks at the scans of nearly every record, so the next record's images are
decoded on a worker thread while the current one is read; J then shows them at once. A part of
``MainWindow`` (a mixin): it uses the window's ``workspace``, ``settings``, ``detail``, ``model`` and
the review actions it hands to the viewer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewdesk.views.detail.material_page import certificates_of
from reviewdesk.views.detail.thumbnail import THUMB_SIZE

log = logging.getLogger(__name__)


def prefetch_scans(workspace: Any, record_id: int, sizes: Sequence[tuple[int, int]]) -> None:
    """Worker: find the record's downloaded scans and queue their decoding (``store.imaging``)."""
    from reviewdesk.store.imaging import prefetch

    try:
        record = workspace.record(record_id)
        if record is None:
            return
        paths = [
            path
            for material in record.materials
            for image in material.images
            if (path := workspace.blob_path(str(image.get("sha256", "")))) is not None
        ]
    except Exception:  # the workspace closed meanwhile (account switch, exit): nothing to prefetch
        log.debug("prefetch of record %s skipped", record_id, exc_info=True)
        return
    for size in sizes:
        prefetch(paths, size)


class MainWindowViewer:
    """The certificate viewer of :class:`reviewdesk.views.review.window.MainWindow`."""

    _viewer: Any
    _prefetcher: ThreadPoolExecutor | None

    def open_viewer(self, kind: str | None) -> Any:
        from reviewdesk.views.images.viewer import CertificateViewer

        record = self.detail.record
        record_id = self.current_record_id()
        if record is None or (record_id is not None and record.id != record_id):
            self.detail.show_record(record_id)
            record = self.detail.record
        if record is None:
            return None
        if self._viewer is None:
            # Owned by this window (a separate top-level window all the same): closed and deleted with it.
            self._viewer = CertificateViewer(self, window=True)
            # The whole queue can be worked from the viewer too: next/previous, the four outcomes, undo.
            self._viewer.addActions(
                [self.next_action, self.previous_action, self.undo_action, *self.review_actions.values()]
            )
            if self.settings is not None:
                try:
                    self.settings.restore_window(self._viewer, "viewer")
                except Exception:
                    log.exception("restoring the viewer's geometry failed")
        self._show_in_viewer(record, kind)
        self._viewer.show()
        self._viewer.raise_()
        self._viewer.activateWindow()
        return self._viewer

    def _show_in_viewer(self, record: Any, kind: str | None) -> None:
        assert self._viewer is not None
        self._viewer.show_certificates(
            certificates_of(record, self.workspace.blob_path),
            kind,
            title=f"{record.row.get('name', '')} {record.row.get('id_number', '')}",
        )

    def _on_record_shown(self, record: Any) -> None:
        """The detail pane shows another record: the open viewer follows (same certificate kind, same
        zoom), and the next record's scans are decoded in the background."""
        if record is None:
            return
        if self._viewer is not None and self._viewer.isVisible():
            self._show_in_viewer(record, None)
        neighbour = self._neighbour(record.id)
        if neighbour is not None:
            self._prefetch(neighbour)

    def _prefetch(self, record_id: int) -> None:
        """Decode ``record_id``'s scans into the shared cache at the sizes they will be shown at.
        The record is read on a worker thread too: nothing here may slow the next keypress."""
        sizes = [THUMB_SIZE]
        if self._viewer is not None and self._viewer.isVisible():
            sizes.append(self._viewer.decode_size())
        if self._prefetcher is None:
            self._prefetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-prefetch")
        self._prefetcher.submit(prefetch_scans, self.workspace, record_id, sizes)

    def _on_cell_clicked(self, index: Any) -> None:
        """The 操作 column's 查看 opens the record's 审核详情, as in the seed (000 §2.2–2.3); the
        certificate viewer stays on Space/Enter and the thumbnails."""
        keys = self.model.column_keys()
        selecting = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if QApplication.keyboardModifiers() & selecting:
            return  # Ctrl/Shift+click on 查看 extends the selection, like on any other cell
        if index.isValid() and keys[index.column()] == "action":
            self.show_details(self.model.id_at(index.row()))

    def show_details(self, record_id: int | None) -> None:
        """The record's 审核详情 in the pane beside the list: unfolded if the splitter had folded it
        away, filled now (not after the selection's debounce) and focused for the keyboard."""
        if record_id is None:
            return
        if self.current_record_id() != record_id:  # a click already made it current: keep the selection
            self.select_id(record_id)
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            total = sum(sizes)
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
        self.detail.flush()
        if self.detail.record_id != record_id:
            self.detail.show_record(record_id)
        self.detail.setFocus()

    def _close_viewer(self) -> None:
        """On shutdown: stop prefetching, remember the viewer's geometry, close it."""
        if self._prefetcher is not None:
            self._prefetcher.shutdown(wait=True, cancel_futures=True)
            self._prefetcher = None
        if self._viewer is not None:
            if self.settings is not None:
                try:
                    self.settings.save_window(self._viewer, "viewer")
                except Exception:
                    log.exception("saving the viewer's geometry failed")
            self._viewer.close()
            self._viewer.deleteLater()
            self._viewer = None
