"""The certificate viewer's canvas: a ``QGraphicsView`` where the wheel zooms around the cursor and
dragging pans. It only reports wheel steps (``zoom_requested``) and resizes; the viewer decides the
zoom limits and what "fit" means, so the policy stays in one place (``image_viewer``).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

#: Zoom factor of one wheel notch (and of the + / − keys).
ZOOM_STEP = 1.25


class ZoomPanView(QGraphicsView):
    """Wheel zooms around the cursor; dragging pans; a resize keeps "fit" fitted."""

    zoom_requested = Signal(float, QPointF)  # factor, viewport position
    resized = Signal()

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("#3a3d42"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_requested.emit(ZOOM_STEP**steps, event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()
