"""常用搜索 (saved searches) in the main window: save the current conditions, load them back, delete them.

Saved searches live in the workspace's store, so a reviewer finds them again in the next session.
"""

from __future__ import annotations

from typing import Any

from review_window import stored_ids

from reviewdesk.domain.enums import Level
from reviewdesk.views.review.filter_panel import FilterPanel
from reviewdesk.views.review.window import MainWindow
from reviewdesk.views.shell.settings import AppSettings


def _names(main: MainWindow) -> list[str]:
    box = main.filter_panel.saved_box
    return [box.itemData(i) for i in range(box.count()) if box.itemData(i)]


def test_save_load_and_delete_a_search(qtbot, monkeypatch, window: MainWindow, env: dict[str, Any]) -> None:
    panel = window.filter_panel
    total = window.model.rowCount()
    assert not panel.delete_button.isEnabled()  # nothing saved yet

    panel.level_box.setCurrentIndex(panel.level_box.findData(Level.INTERMEDIATE.value))
    chosen = stored_ids(window, "level = 'intermediate'")  # not from the index under test
    expected = len(chosen)
    assert sorted(window.model.ids.tolist()) == chosen and 0 < expected < total
    monkeypatch.setattr(FilterPanel, "ask_search_name", staticmethod(lambda parent: "中级待审"))
    panel.save_button.click()
    assert _names(window) == ["中级待审"] and panel.delete_button.isEnabled()

    panel.reset()
    assert window.model.rowCount() == total
    # a new window on the same workspace (the next session) offers it and applies it when chosen
    window.shutdown()
    settings = AppSettings.at_file(env["tmp"] / "settings.ini")
    again = MainWindow(env["workspace"], env["client"], settings=settings, show_sync_dialog=False)
    qtbot.addWidget(again)
    again.show()
    assert _names(again) == ["中级待审"]
    box = again.filter_panel.saved_box
    box.setCurrentIndex(box.findData("中级待审"))
    box.activated.emit(box.currentIndex())
    assert again.filter_panel.filter().level is Level.INTERMEDIATE
    qtbot.waitUntil(lambda: again.model.rowCount() == expected)
    assert sorted(again.model.ids.tolist()) == chosen

    again.filter_panel.delete_button.click()
    assert _names(again) == [] and env["workspace"].saved_searches() == {}
    again.shutdown()
