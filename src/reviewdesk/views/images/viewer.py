"""The certificate viewer (证书查看): A面/B面 side by side or one at a time, zoom, pan, rotate, full screen.

Why a ``QGraphicsView``: zooming around the cursor, dragging to pan and rotating are what it does
natively and smoothly, and each scan is one pixmap item in a scene.

Scale: items are scaled so that one scene unit is one pixel of the *original* file, whatever size it
was decoded at (the scene's layout: ``views.images.faces``). A scan is first decoded at about the window's size (fast, see ``store.imaging``); when
the reviewer zooms in beyond that resolution the full-size decode is requested and swapped in, so
1:1 really is 1:1. Decoding always runs on a worker (``image_loading``).

Continuity: reviewers compare the same certificate across many candidates, so the zoom and the place
looked at are remembered per certificate kind and applied to the next record's same certificate.
Rotation is not carried over: it corrects one badly scanned file, not the next one.

Broken or missing files show their message where the image would be; the rest keeps working.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QLabel,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.images.certificates import Certificate
from reviewdesk.views.images.faces import Face, display_size_for, lay_out, message_item
from reviewdesk.views.images.loading import LoadedImage, image_loader
from reviewdesk.views.images.zoom_pan import ZOOM_STEP, ZoomPanView

CONTEXT = "CertificateViewer"

#: Kept in Chinese (the source text) so they can be compared and passed around; shown through
#: ``translate(CONTEXT, …)`` (other views showing them use this same context).
NO_IMAGE = translate_noop(CONTEXT, "暂无图片")
LOADING = translate_noop(CONTEXT, "正在加载…")
NO_CERTIFICATE = translate_noop(CONTEXT, "该考生没有可查看的证书材料")

MIN_ZOOM = 0.02
MAX_ZOOM = 16.0


@dataclass
class _ViewMemory:
    fit: bool = True
    zoom: float = 1.0
    center: tuple[float, float] = (0.5, 0.5)  # fraction of the scene rect looked at


class CertificateViewer(QWidget):
    """Shows a record's certificates; ``show_certificates`` switches record, keeping the zoom per kind.

    Keys: + / − zoom, 0 fit, 1 original size (1:1), R / Shift+R rotate, Tab switch face (one at a
    time), V side by side ↔ one at a time, PgUp/PgDn previous/next certificate, F11 full screen, Esc
    leaves full screen or closes the window.
    """

    certificate_changed = Signal(str)  # the key of the certificate now shown

    def __init__(self, parent: QWidget | None = None, *, window: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window if window else Qt.WindowType.Widget)
        self.setWindowTitle(translate(CONTEXT, "证书查看"))
        self._certificates: list[Certificate] = []
        self._current = -1
        self._faces: list[Face] = []
        self._single_side = 0
        self._side_by_side = True
        self._memory: dict[str, _ViewMemory] = {}
        self._fit = True
        self._record_title = ""
        self._pending_memory = _ViewMemory()

        self._scene = QGraphicsScene(self)
        self._view = ZoomPanView(self._scene, self)
        self._view.zoom_requested.connect(self._zoom_at)
        self._view.resized.connect(self._refit_if_fitting)

        self._certificate_box = QComboBox(self)
        self._certificate_box.setAccessibleName(translate(CONTEXT, "证书"))
        self._certificate_box.setMinimumContentsLength(10)
        self._certificate_box.currentIndexChanged.connect(self._on_certificate_chosen)
        self._zoom_label = QLabel("", self)
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title_label = QLabel("", self)
        # The title gives way first: as wide as its text it pushed 全屏 (and in English more) into the
        # toolbar's overflow menu. It may shrink to a stub; the whole title is its tooltip.
        self._title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._title_label.setMinimumWidth(48)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addWidget(self._title_label)
        self.toolbar.addWidget(self._certificate_box)
        self.toolbar.addSeparator()
        self._side_buttons = QButtonGroup(self)
        self._side_buttons.setExclusive(True)
        self._both_button = self._mode_button(
            translate(CONTEXT, "并排"), translate(CONTEXT, "A面/B面并排显示 (V)")
        )
        self._a_button = self._mode_button(
            translate(CONTEXT, "A面"), translate(CONTEXT, "只看A面 (Tab 切换)")
        )
        self._b_button = self._mode_button(
            translate(CONTEXT, "B面"), translate(CONTEXT, "只看B面 (Tab 切换)")
        )
        self._both_button.setChecked(True)
        self._side_buttons.idClicked.connect(self._on_side_clicked)
        self.toolbar.addSeparator()
        # 全屏 before the zoom and rotate tools: on a narrow window those overflow first, not it.
        self.action_full_screen = self._action(
            translate(CONTEXT, "全屏"), ["F11"], self.toggle_full_screen, translate(CONTEXT, "全屏 (F11)")
        )

        self.action_zoom_out = self._action(
            translate(CONTEXT, "缩小"), ["-"], self.zoom_out, translate(CONTEXT, "缩小 (−)")
        )
        self.toolbar.addWidget(self._zoom_label)
        self.action_zoom_in = self._action(
            translate(CONTEXT, "放大"), ["+", "="], self.zoom_in, translate(CONTEXT, "放大 (+)")
        )
        self.action_fit = self._action(
            translate(CONTEXT, "适应窗口"), ["0"], self.fit, translate(CONTEXT, "适应窗口 (0)")
        )
        self.action_actual = self._action(
            "1:1", ["1"], self.actual_size, translate(CONTEXT, "原始大小 1:1 (1)")
        )
        self.action_rotate_left = self._action(
            translate(CONTEXT, "向左旋转"),
            ["Shift+R"],
            self.rotate_left,
            translate(CONTEXT, "向左旋转90° (Shift+R)"),
        )
        self.action_rotate_right = self._action(
            translate(CONTEXT, "向右旋转"), ["R"], self.rotate_right, translate(CONTEXT, "向右旋转90° (R)")
        )
        self.action_next_side = self._action("", ["Tab"], self.next_side, "", toolbar=False)
        self.action_toggle_mode = self._action("", ["V"], self.toggle_side_by_side, "", toolbar=False)
        self.action_prev_cert = self._action("", ["PgUp"], self.previous_certificate, "", toolbar=False)
        self.action_next_cert = self._action("", ["PgDown"], self.next_certificate, "", toolbar=False)
        self.action_escape = self._action("", ["Esc"], self._escape, "", toolbar=False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self._view, 1)
        if window:
            self.resize(1100, 800)
        self._show_message_only(NO_CERTIFICATE)

    # -- construction helpers ---------------------------------------------------------------------
    def _mode_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        self._side_buttons.addButton(button, len(self._side_buttons.buttons()))
        self.toolbar.addWidget(button)
        return button

    def _action(
        self, text: str, keys: Sequence[str], slot: Callable[[], None], tip: str, toolbar: bool = True
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    # -- public API -------------------------------------------------------------------------------
    def show_certificates(
        self, certificates: Sequence[Certificate], current_key: str | None = None, title: str = ""
    ) -> None:
        """Show another record's certificates, opening ``current_key`` (else the last kind shown,
        else the first with images), with that kind's remembered zoom."""
        previous_key = self.current_key()
        self._remember()
        self._certificates = list(certificates)
        self._record_title = title
        self._title_label.setText(f"  {title}  " if title else "")
        self._title_label.setToolTip(title)
        self.setWindowTitle(
            translate(CONTEXT, "证书查看 - {title}").format(title=title)
            if title
            else translate(CONTEXT, "证书查看")
        )
        keys = [c.key for c in self._certificates]
        wanted = current_key if current_key in keys else previous_key if previous_key in keys else None
        if wanted is None:
            with_images = [i for i, c in enumerate(self._certificates) if c.images]
            index = with_images[0] if with_images else (0 if self._certificates else -1)
        else:
            index = keys.index(wanted)
        self._certificate_box.blockSignals(True)
        self._certificate_box.clear()
        for certificate in self._certificates:
            count = sum(1 for image in certificate.images if image.path is not None)
            suffix = "" if count else translate(CONTEXT, "（暂无图片）")
            self._certificate_box.addItem(f"{certificate.title}{suffix}", certificate.key)
        self._certificate_box.setCurrentIndex(index)
        self._certificate_box.blockSignals(False)
        self._show_index(index, remember=False)

    def show_certificate(self, key: str) -> None:
        """Switch to the certificate of kind ``key`` of the current record."""
        for index, certificate in enumerate(self._certificates):
            if certificate.key == key:
                self._certificate_box.setCurrentIndex(index)
                return

    def current_key(self) -> str | None:
        if 0 <= self._current < len(self._certificates):
            return self._certificates[self._current].key
        return None

    def decode_size(self) -> tuple[int, int]:
        """The size scans are first decoded at in this window (prefetch with the same to hit the cache)."""
        return display_size_for(self._view.viewport().size(), self.devicePixelRatioF())

    def zoom(self) -> float:
        """Current zoom: screen pixels per original pixel (1.0 is 1:1)."""
        transform = self._view.transform()
        return math.hypot(transform.m11(), transform.m12())

    def is_fit(self) -> bool:
        return self._fit

    def messages(self) -> list[str]:
        """The messages shown instead of images right now (暂无图片, a broken file's error…)."""
        return [face.message for face in self._faces if face.message]

    def loaded_faces(self) -> int:
        return sum(1 for face in self._faces if face.item is not None)

    def is_loading(self) -> bool:
        return any(face.ticket is not None for face in self._faces)

    def face_rotation(self, index: int = 0) -> int:
        return self._faces[index].rotation if index < len(self._faces) else 0

    # -- showing ------------------------------------------------------------------------------------
    def _on_certificate_chosen(self, index: int) -> None:
        self._show_index(index, remember=True)

    def _show_index(self, index: int, remember: bool) -> None:
        if remember:
            self._remember()
        self._clear_faces()
        self._current = index
        if index < 0 or index >= len(self._certificates):
            self._show_message_only(NO_CERTIFICATE)
            return
        certificate = self._certificates[index]
        self._single_side = min(self._single_side, max(len(certificate.images) - 1, 0))
        if not certificate.images:
            self._show_message_only(NO_IMAGE)
            self.certificate_changed.emit(certificate.key)
            return
        size = self.decode_size()
        for spec in certificate.images:
            face = Face(spec)
            self._faces.append(face)
            if spec.path is None:
                face.message = translate(CONTEXT, spec.missing_message or NO_IMAGE)
                continue
            face.ticket = image_loader().request(spec.path, size, self._callback(face, spec.path))
        memory = self._memory.get(certificate.key, _ViewMemory())
        self._fit = memory.fit
        self._pending_memory = memory
        self._update_side_buttons()
        self._layout()
        self._apply_memory(memory)
        self.certificate_changed.emit(certificate.key)

    def _callback(self, face: Face, path: Path) -> Callable[[LoadedImage], None]:
        def deliver(result: LoadedImage) -> None:
            self._on_loaded(face, path, result)

        return deliver

    def _on_loaded(self, face: Face, path: Path, result: LoadedImage) -> None:
        if face not in self._faces:
            return
        face.ticket = None
        if not result.ok:
            face.message = result.error
            if face.item is not None:
                self._scene.removeItem(face.item)
                face.item = None
            self._layout()
            return
        assert result.image is not None
        pixmap = QPixmap.fromImage(result.image)
        upgrading = face.item is not None
        if face.item is None:
            face.item = QGraphicsPixmapItem()
            face.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self._scene.addItem(face.item)
        face.item.setPixmap(pixmap)
        face.original = result.original_size if result.original_size[0] else (pixmap.width(), pixmap.height())
        face.decoded_width = pixmap.width()
        face.message = ""
        if upgrading:
            center = self._view.mapToScene(self._view.viewport().rect().center())
            self._layout()
            self._view.centerOn(center)
            return
        self._layout()
        self._apply_memory(self._pending_memory)
        self._maybe_upgrade()

    def _clear_faces(self) -> None:
        for face in self._faces:
            image_loader().cancel(face.ticket)
        self._faces = []
        self._scene.clear()

    def _show_message_only(self, text: str) -> None:
        """``text`` (a Chinese source such as NO_IMAGE) alone in the view, in the current language."""
        self._clear_faces()
        item = message_item(self._scene, translate(CONTEXT, text), self.font(), 18)
        self._scene.setSceneRect(item.sceneBoundingRect().adjusted(-40, -40, 40, 40))
        self._view.resetTransform()
        self._zoom_label.setText("")

    def _visible_faces(self) -> list[Face]:
        if self._side_by_side or len(self._faces) <= 1:
            return list(self._faces)
        return [self._faces[min(self._single_side, len(self._faces) - 1)]]

    def _layout(self) -> None:
        lay_out(
            self._scene,
            self._faces,
            self._visible_faces(),
            self.font(),
            self._placeholder_size(),
            translate(CONTEXT, LOADING),
        )
        self._update_zoom_label()

    def caption_texts(self) -> list[str]:
        """The captions shown above the scans (A面, B面…), left to right."""
        return [
            face.caption.text() for face in self._visible_faces() if face.caption and face.caption.isVisible()
        ]

    def _placeholder_size(self) -> tuple[float, float]:
        loaded = [face.original for face in self._faces if face.item is not None]
        if loaded:
            return float(loaded[0][0]), float(loaded[0][1])
        zoom = self.zoom() or 1.0
        viewport = self._view.viewport().size()
        return viewport.width() * 0.8 / zoom, viewport.height() * 0.8 / zoom

    # -- zoom, rotate, modes ----------------------------------------------------------------------
    def _set_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._view.resetTransform()
        self._view.scale(zoom, zoom)
        self._update_zoom_label()
        self._maybe_upgrade()

    def _zoom_at(self, factor: float, position: QPointF) -> None:
        self._fit = False
        before = self._view.mapToScene(position.toPoint())
        self._set_zoom(self.zoom() * factor)
        after = self._view.mapToScene(position.toPoint())
        delta = after - before
        center = self._view.mapToScene(self._view.viewport().rect().center())
        self._view.centerOn(center - delta)

    def zoom_in(self) -> None:
        self._fit = False
        self._set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._fit = False
        self._set_zoom(self.zoom() / ZOOM_STEP)

    def actual_size(self) -> None:
        """1:1 — one screen pixel per pixel of the original file."""
        self._fit = False
        center = self._view.mapToScene(self._view.viewport().rect().center())
        self._set_zoom(1.0)
        self._view.centerOn(center)

    def fit(self) -> None:
        self._fit = True
        self._refit()

    def _refit(self) -> None:
        rect = self._scene.sceneRect()
        if rect.isEmpty():
            return
        self._view.resetTransform()
        self._view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._update_zoom_label()
        self._maybe_upgrade()

    def _refit_if_fitting(self) -> None:
        if self._fit and self._faces:
            self._refit()

    def rotate_right(self) -> None:
        self._rotate(90)

    def rotate_left(self) -> None:
        self._rotate(-90)

    def _rotate(self, degrees: int) -> None:
        """Turn the scan under the mouse pointer, or every scan shown when the pointer is elsewhere
        (side by side, one badly scanned face can be straightened without turning the other)."""
        targets = self._visible_faces()
        pointer = self._view.viewport().mapFromGlobal(QCursor.pos())
        if self._view.viewport().rect().contains(pointer):
            scene_point = self._view.mapToScene(pointer)
            under = [
                face
                for face in targets
                if face.item is not None and face.item.sceneBoundingRect().contains(scene_point)
            ]
            targets = under or targets
        for face in targets:
            face.rotation = (face.rotation + degrees) % 360
        self._layout()
        if self._fit:
            self._refit()

    def toggle_side_by_side(self) -> None:
        self._side_by_side = not self._side_by_side
        self._update_side_buttons()
        self._layout()
        if self._fit:
            self._refit()

    def next_side(self) -> None:
        """One at a time: show the other face (A面 ↔ B面)."""
        if len(self._faces) <= 1:
            return
        self._side_by_side = False
        self._single_side = (self._single_side + 1) % len(self._faces)
        self._update_side_buttons()
        self._layout()
        if self._fit:
            self._refit()

    def _on_side_clicked(self, button_id: int) -> None:
        if button_id == 0:
            self._side_by_side = True
        else:
            self._side_by_side = False
            self._single_side = min(button_id - 1, max(len(self._faces) - 1, 0))
        self._layout()
        if self._fit:
            self._refit()

    def _update_side_buttons(self) -> None:
        count = len(self._faces)
        for button, enabled in ((self._a_button, count >= 1), (self._b_button, count >= 2)):
            button.setEnabled(enabled)
        if count >= 1:
            self._a_button.setText(self._faces[0].spec.label)
        if count >= 2:
            self._b_button.setText(self._faces[1].spec.label)
        checked = (
            self._both_button
            if self._side_by_side or count <= 1
            else (self._a_button if self._single_side == 0 else self._b_button)
        )
        checked.setChecked(True)

    def next_certificate(self) -> None:
        if self._current + 1 < len(self._certificates):
            self._certificate_box.setCurrentIndex(self._current + 1)

    def previous_certificate(self) -> None:
        if self._current > 0:
            self._certificate_box.setCurrentIndex(self._current - 1)

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def _escape(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        elif window is self and self.isWindow():
            self.close()

    # -- zoom memory and resolution upgrade ---------------------------------------------------------
    def _remember(self) -> None:
        key = self.current_key()
        if key is None or not self._faces:
            return
        rect = self._scene.sceneRect()
        center = self._view.mapToScene(self._view.viewport().rect().center())
        fraction = (
            ((center.x() - rect.left()) / rect.width(), (center.y() - rect.top()) / rect.height())
            if rect.width() > 0 and rect.height() > 0
            else (0.5, 0.5)
        )
        self._memory[key] = _ViewMemory(fit=self._fit, zoom=self.zoom(), center=fraction)

    def _apply_memory(self, memory: _ViewMemory) -> None:
        self._fit = memory.fit
        if memory.fit:
            self._refit()
            return
        self._set_zoom(memory.zoom)
        rect = self._scene.sceneRect()
        self._view.centerOn(
            rect.left() + rect.width() * memory.center[0], rect.top() + rect.height() * memory.center[1]
        )

    def _maybe_upgrade(self) -> None:
        """Zoomed past the decoded resolution: ask for the full-size decode of the visible faces."""
        zoom = self.zoom() * self.devicePixelRatioF()
        for face in self._visible_faces():
            if face.item is None or face.full_requested or face.spec.path is None:
                continue
            decoded_scale = face.decoded_width / max(face.original[0], 1)
            if decoded_scale < 0.999 and zoom > decoded_scale * 1.05:
                face.full_requested = True
                face.ticket = image_loader().request(
                    face.spec.path, None, self._callback(face, face.spec.path)
                )

    def _update_zoom_label(self) -> None:
        self._zoom_label.setText(f"{round(self.zoom() * 100)}%" if self._faces else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._remember()
        for face in self._faces:
            image_loader().cancel(face.ticket)
            face.ticket = None
        super().closeEvent(event)
