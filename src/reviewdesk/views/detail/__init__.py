"""审核详情: the detail pane beside the list and its texts."""
