"""One material's tab in the 审核详情: its fields in the seed's order, 核验状态/备注, its scans.

The seeds name a certificate's fields in several spellings (``store.material_query.FIELD_ALIASES``);
the tab shows them under one name, in the order of the 专项信息 cards, then whatever else the record
carries, so nothing the unit entered is hidden. Pages are pooled by position and re-filled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reviewdesk.domain.enums import MaterialKind, VerifyStatus
from reviewdesk.store.material_query import CARD_FIELDS, FIELD_ALIASES
from reviewdesk.views.common.i18n import enum_title, label, translate
from reviewdesk.views.common.material_field_names import field_name, field_value_text
from reviewdesk.views.detail.form_rows import FormRows
from reviewdesk.views.detail.thumbnail import Thumbnail
from reviewdesk.views.images.certificates import Certificate, certificate_of
from reviewdesk.views.images.viewer import CONTEXT as VIEWER_CONTEXT
from reviewdesk.views.images.viewer import NO_IMAGE

CONTEXT = "DetailPane"

#: The detail pane's order of material tabs (the seed's: 学历信息 first, 补充信息 last).
MATERIAL_ORDER: tuple[MaterialKind, ...] = (
    MaterialKind.EDUCATION,
    MaterialKind.DEGREE,
    MaterialKind.TITLE,
    MaterialKind.PHYSICIAN_QUALIFICATION,
    MaterialKind.PHYSICIAN_PRACTICE,
    MaterialKind.NURSE_PRACTICE,
    MaterialKind.RESIDENCY,
    MaterialKind.SUPPLEMENT,
)


def field_value(fields: dict[str, str], name: str) -> str:
    for alias in FIELD_ALIASES.get(name, (name,)):
        if fields.get(alias):
            return fields[alias]
    return ""


def ordered_fields(kind: MaterialKind, fields: dict[str, str]) -> list[tuple[str, str]]:
    """The material's fields in the seed's order, then any others the record carries."""
    names = list(CARD_FIELDS.get(kind, ()))
    shown = {alias for name in names for alias in FIELD_ALIASES.get(name, (name,))}
    result = [(name, field_value(fields, name)) for name in names]
    result += [(name, value) for name, value in fields.items() if name not in shown]
    return result


def certificates_of(record: Any, blob_path: Callable[[str], Path | None]) -> list[Certificate]:
    """The record's materials as the viewer's certificates (faces: A面/B面/验证报告)."""
    materials = sorted(record.materials, key=lambda m: MATERIAL_ORDER.index(m.kind))
    return [certificate_of(material.kind, material.images, blob_path) for material in materials]


class MaterialPage(QWidget):
    """One material tab: its fields in the seed's order, 核验状态/备注, and the scans' thumbnails.
    Pages are pooled by position and re-filled for the next record. ``open_viewer(kind)``: a
    thumbnail was clicked."""

    open_viewer = Signal(str)  # MaterialKind value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.form = FormRows()
        layout.addLayout(self.form)
        self.images = QHBoxLayout()
        self.no_image = QLabel(translate(VIEWER_CONTEXT, NO_IMAGE), self)
        self.no_image.setObjectName("no_image")
        self.images.addWidget(self.no_image)
        self.images.addStretch(1)
        layout.addLayout(self.images)
        layout.addStretch(1)
        self.thumbnails: list[Thumbnail] = []  # the current material's, in order
        self._thumb_pool: list[Thumbnail] = []
        self._kind = ""
        self.field_rows: dict[str, int] = {}  # field name (the seeds' Chinese) → its form row
        self.image_shas: list[str] = []  # the thumbnails' scans, in order

    def fill(self, material: Any, blob_path: Callable[[str], Path | None]) -> None:
        # A value that is a vocabulary word (全日制, 本科…) reads in the current language; other values
        # (schools, numbers, dates) are data and shown as they are.
        fields = ordered_fields(material.kind, material.fields)
        self.field_rows = {name: i for i, (name, _value) in enumerate(fields)}
        rows = [(field_name(name), field_value_text(value)) for name, value in fields]
        rows.append((enum_title(VerifyStatus), label(material.verify_status)))
        rows.append((translate(CONTEXT, "核验备注"), material.verify_remark or ""))
        styles: dict[int, str] = {}
        if material.pending:
            styles[len(rows)] = "color: #a35f00;"
            rows.append(("", translate(CONTEXT, "未同步：本地核验结果尚未上传")))
        self.form.set_rows(rows, styles)
        self._kind = material.kind.value
        self.no_image.setVisible(not material.images)
        self.thumbnails = []
        self.image_shas = [str(image.get("sha256", "")) for image in material.images]
        faces = certificate_of(material.kind, material.images, blob_path).images
        for position, face in enumerate(faces):
            if position < len(self._thumb_pool):
                thumb = self._thumb_pool[position]
                thumb.show_image(face.label, face.path)
            else:
                thumb = Thumbnail(face.label, face.path, self)
                thumb.clicked.connect(lambda _c=False: self.open_viewer.emit(self._kind))
                self.images.insertWidget(1 + position, thumb)
                self._thumb_pool.append(thumb)
            thumb.setVisible(True)
            self.thumbnails.append(thumb)
        for thumb in self._thumb_pool[len(material.images) :]:
            thumb.cancel()
            thumb.setVisible(False)
