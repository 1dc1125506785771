"""Data files shipped with reviewdesk (catalogue, icons, translations); read with importlib.resources."""
