"""单位填报 on the workstation (issue 15), Qt-free: scans prepared by the upload rules, the entry outbox,
the unit's candidates as entered (server snapshot + unsynced entries), batch import of scans by file
name and of candidates from Excel."""
