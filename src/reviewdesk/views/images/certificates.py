"""What the certificate viewer shows: certificates and their faces, made from a material's scans.

The 审核详情, the 专项信息 cards and the 实名认证审核 queue all open the one viewer; a material's scans
become a :class:`Certificate` here, once, so a face reads A面/B面/验证报告 the same from every screen
and a scan not yet downloaded says so the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewdesk.domain.enums import ImageSide, MaterialKind
from reviewdesk.views.common.i18n import code_label, label, translate_noop

CONTEXT = "CertificateViewer"
#: Kept in Chinese (the source text); the viewer and the thumbnails show it through ``translate``.
NOT_DOWNLOADED = translate_noop(CONTEXT, "图片尚未下载，请同步后查看")


@dataclass(frozen=True)
class CertificateImage:
    """One face of a certificate: a decodable file, or a reason it cannot be shown."""

    label: str  # "A面", "B面", "验证报告"
    path: Path | None
    missing_message: str = NOT_DOWNLOADED


@dataclass(frozen=True)
class Certificate:
    """One certificate (a material of the record) with its faces; ``key`` is the kind (zoom memory)."""

    key: str
    title: str
    images: tuple[CertificateImage, ...] = ()


def certificate_of(
    kind: MaterialKind, images: Iterable[Mapping[str, Any]], blob_path: Callable[[str], Path | None]
) -> Certificate:
    """A material as the viewer's certificate: its scans (``{"side", "sha256"}``) as labelled faces,
    each the local file ``blob_path`` finds, or None when it is not downloaded (yet)."""
    faces = []
    for image in images:
        sha = str(image.get("sha256") or "")
        faces.append(
            CertificateImage(code_label(image.get("side"), ImageSide), blob_path(sha) if sha else None)
        )
    return Certificate(kind.value, label(kind), tuple(faces))
