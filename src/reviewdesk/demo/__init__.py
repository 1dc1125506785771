"""The app-level demo launcher (``reviewdesk --demo``: embedded server + workstation) and ``--self-test``."""
