"""The desktop shell: settings, language, login, crash report, single instance, help, about, icon, sync worker and its texts, page navigation."""
