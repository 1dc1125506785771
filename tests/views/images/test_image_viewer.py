"""The certificate viewer: async decoding, faces, zoom/rotate/fit, zoom memory per kind, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from english import english  # noqa: F401 (a fixture)
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QCursor
from view_fixtures import make_corrupt, make_scan

import scan_samples as samples
from reviewdesk.views.images.certificates import NOT_DOWNLOADED, Certificate, CertificateImage
from reviewdesk.views.images.loading import image_loader
from reviewdesk.views.images.viewer import NO_CERTIFICATE, NO_IMAGE, CertificateViewer


@pytest.fixture
def viewer(qtbot) -> CertificateViewer:
    widget = CertificateViewer(window=True)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _education(tmp_path: Path, name: str = "edu", size: tuple[int, int] = (2400, 1800)) -> Certificate:
    a = make_scan(tmp_path / f"{name}_a.jpg", size)
    b = make_scan(tmp_path / f"{name}_b.png", (1200, 900), (200, 220, 240))
    return Certificate("education", "学历信息", (CertificateImage("A面", a), CertificateImage("B面", b)))


def test_shows_both_faces_side_by_side_and_fits(qtbot, viewer: CertificateViewer, tmp_path: Path) -> None:
    viewer.show_certificates([_education(tmp_path)], title="王芳")
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    assert viewer.is_fit() and viewer.current_key() == "education"
    assert 0 < viewer.zoom() < 1  # a 2400 px scan fitted into a 900 px window
    assert viewer.messages() == []


def test_zoom_rotate_one_to_one_and_full_resolution(qtbot, viewer: CertificateViewer, tmp_path: Path) -> None:
    viewer.show_certificates([_education(tmp_path, size=(4000, 3000))])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    fitted = viewer.zoom()
    viewer.zoom_in()
    assert viewer.zoom() == pytest.approx(fitted * 1.25) and not viewer.is_fit()
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom() < fitted
    viewer.actual_size()
    assert viewer.zoom() == pytest.approx(1.0)
    # At 1:1 the reduced decode is not enough: the full-size file is decoded and swapped in.
    qtbot.waitUntil(lambda: not viewer.is_loading())
    assert viewer._faces[0].decoded_width == 4000
    viewer.rotate_right()
    assert viewer.face_rotation(0) == 90
    viewer.rotate_left()
    viewer.rotate_left()
    assert viewer.face_rotation(0) == 270
    viewer.fit()
    assert viewer.is_fit() and viewer.zoom() < 1


def test_wheel_zoom_keeps_the_point_under_the_cursor(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    viewer.show_certificates([_education(tmp_path)])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2)
    viewer.actual_size()  # the scene is larger than the window both ways, so it can move freely
    view = viewer._view
    point = QPointF(300, 250)
    before = view.mapToScene(point.toPoint())
    viewer._zoom_at(1.25, point)
    after = view.mapToScene(point.toPoint())
    assert abs(after.x() - before.x()) < 12 and abs(after.y() - before.y()) < 12


def test_one_face_at_a_time(qtbot, viewer: CertificateViewer, tmp_path: Path) -> None:
    viewer.show_certificates([_education(tmp_path)])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2)
    viewer.next_side()
    visible = [face for face in viewer._faces if face.item is not None and face.item.isVisible()]
    assert [face.spec.label for face in visible] == ["B面"]
    viewer.toggle_side_by_side()
    assert len([face for face in viewer._faces if face.item.isVisible()]) == 2


def test_zoom_is_kept_for_the_next_records_same_certificate(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    title_cert = Certificate("title", "专技职称", (CertificateImage("A面", make_scan(tmp_path / "t.jpg")),))
    viewer.show_certificates([_education(tmp_path, "one"), title_cert], current_key="education")
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2)
    viewer.actual_size()
    viewer.zoom_in()
    zoom = viewer.zoom()
    viewer.show_certificates([title_cert, _education(tmp_path, "two")], title="下一位")
    assert viewer.current_key() == "education"  # the same kind as before
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    assert viewer.zoom() == pytest.approx(zoom)
    viewer.next_certificate()  # → nothing after education in this record's order
    assert viewer.current_key() == "education"
    viewer.previous_certificate()
    assert viewer.current_key() == "title"
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 1)
    assert viewer.is_fit()  # title had no memory yet


def test_corrupt_file_shows_a_message_and_the_other_face_still_shows(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    bad = make_corrupt(tmp_path / "cut.jpg")
    good = make_scan(tmp_path / "good.jpg")
    certificate = Certificate(
        "title", "专技职称", (CertificateImage("A面", bad), CertificateImage("B面", good))
    )
    viewer.show_certificates([certificate])
    qtbot.waitUntil(lambda: not viewer.is_loading())
    assert viewer.loaded_faces() == 1
    assert len(viewer.messages()) == 1 and "不完整" in viewer.messages()[0]
    viewer.zoom_in()  # still works
    viewer.rotate_right()


def test_hostile_scans_say_why_in_chinese_and_a_16_bit_grey_scan_shows(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    files = {}
    for name, data in (
        ("a.jpg", samples.dds_texture()),
        ("b.png", samples.huge_png()),
        ("c.png", samples.scan_png((900, 600), "I;16")),
    ):
        files[name] = tmp_path / name
        files[name].write_bytes(data)
    certificate = Certificate(
        "title",
        "专技职称",
        tuple(CertificateImage(side, path) for side, path in zip("ABC", files.values(), strict=True)),
    )
    viewer.show_certificates([certificate])
    qtbot.waitUntil(lambda: not viewer.is_loading(), timeout=15_000)
    assert viewer.loaded_faces() == 1  # the 16-bit grey one
    assert sorted(viewer.messages()) == sorted(
        [
            "图片格式不符：文件内容是 DDS 格式，仅支持 png、jpg、jpeg：a.jpg",
            "图片像素过多（13000×13000，共 169,000,000 像素），不能超过 36,000,000 像素：b.png",
        ]
    )


def test_a_broken_files_message_stays_inside_its_face_beside_the_other_scan(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    # Scans are stored under their sha256: the message names a 64-character file.
    bad = make_corrupt(tmp_path / ("0ca8573b48a0119b20e09052b264d875275110c81f562813b3efa8ccb7bdeedb"))
    good = make_scan(tmp_path / "report.jpg", (2480, 3508))
    certificate = Certificate(
        "education", "学历信息", (CertificateImage("A面", bad), CertificateImage("验证报告", good))
    )
    viewer.show_certificates([certificate])
    qtbot.waitUntil(lambda: not viewer.is_loading() and viewer.loaded_faces() == 1)
    for step in (lambda: None, viewer.zoom_in, viewer.zoom_out, viewer.zoom_out, viewer.rotate_right):
        step()
        broken, shown = viewer._faces
        assert broken.placeholder is not None and shown.item is not None
        item = broken.placeholder
        shown_text = item.toPlainText() if hasattr(item, "toPlainText") else item.text()
        assert shown_text == viewer.messages()[0]  # all of it, wrapped
        # where the message and the other scan are painted, in the window's pixels
        view = viewer._view
        text = item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())
        scan = shown.item.deviceTransform(view.viewportTransform()).mapRect(shown.item.boundingRect())
        assert text.right() < scan.left()  # not painted over the other scan


def test_no_images_and_not_downloaded(qtbot, viewer: CertificateViewer, tmp_path: Path) -> None:
    viewer.show_certificates([Certificate("nurse_practice", "护士执业证")])
    assert viewer._scene.items()[0].text() == NO_IMAGE
    viewer.show_certificates([Certificate("title", "专技职称", (CertificateImage("A面", None),))])
    assert viewer.messages() == [NOT_DOWNLOADED]
    viewer.show_certificates([])
    assert viewer._scene.items()[0].text() == NO_CERTIFICATE


def test_switching_records_quickly_drops_stale_results(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    for i in range(5):
        viewer.show_certificates([_education(tmp_path, f"r{i}", (1200, 900))])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    assert image_loader().pending() == 0
    assert all(face.spec.path.name.startswith("r4") for face in viewer._faces)


def test_full_screen_toggles(qtbot, viewer: CertificateViewer) -> None:
    viewer.toggle_full_screen()
    qtbot.waitUntil(viewer.isFullScreen)
    viewer.toggle_full_screen()
    qtbot.waitUntil(lambda: not viewer.isFullScreen())


def test_captions_sit_above_their_scans(qtbot, viewer: CertificateViewer, tmp_path: Path) -> None:
    viewer.show_certificates([_education(tmp_path)])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    assert viewer.caption_texts() == ["A面", "B面"]
    for face in viewer._faces:
        assert face.caption.sceneBoundingRect().bottom() <= face.item.sceneBoundingRect().top()
    viewer.next_side()
    assert viewer.caption_texts() == ["B面"]


def test_rotate_turns_the_scan_under_the_pointer_only(
    qtbot, viewer: CertificateViewer, tmp_path: Path
) -> None:
    viewer.show_certificates([_education(tmp_path)])
    qtbot.waitUntil(lambda: viewer.loaded_faces() == 2 and not viewer.is_loading())
    second = viewer._faces[1].item.sceneBoundingRect().center()
    point = viewer._view.viewport().mapToGlobal(viewer._view.mapFromScene(second))
    QCursor.setPos(point)
    try:
        assert QCursor.pos() == point
        viewer.rotate_right()
        assert [viewer.face_rotation(0), viewer.face_rotation(1)] == [0, 90]
    finally:
        QCursor.setPos(QPoint(0, 0))  # away from any window: other tests turn every scan
    viewer.rotate_right()
    assert [viewer.face_rotation(0), viewer.face_rotation(1)] == [90, 180]


@pytest.mark.usefixtures("english")
def test_viewer_in_english(qtbot, tmp_path: Path) -> None:
    """Issue 7: toolbar, tips, title and the messages shown in place of images are English."""
    viewer = CertificateViewer(window=True)
    qtbot.addWidget(viewer)
    assert viewer.windowTitle() == "Certificate viewer"
    assert viewer._scene.items()[0].text() == "This candidate has no certificates to view"
    assert viewer.action_fit.text() == "Fit to window" and viewer.action_fit.toolTip() == "Fit to window (0)"
    assert viewer.action_rotate_left.text() == "Rotate left"
    assert [viewer._both_button.text(), viewer._a_button.text()] == ["Side by side", "Side A"]
    viewer.show_certificates(
        [Certificate("title", "Professional title", (CertificateImage("Side A", None),))], title="王芳"
    )
    assert viewer.windowTitle() == "Certificate viewer - 王芳"
    assert viewer.messages() == ["Image not downloaded yet; sync to view it"]
    assert viewer._certificate_box.itemText(0) == "Professional title (no image)"
