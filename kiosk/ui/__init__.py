"""The citizen-facing touch UI (PySide6): shell, screens, theme, translations, Qt bridge."""
