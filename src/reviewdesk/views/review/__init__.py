"""报名材料审核: the list page — window, its parts, filter panel, table model, review/bulk/report/export dialogs, conflicts."""
