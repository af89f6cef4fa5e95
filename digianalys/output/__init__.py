"""Everything a reader sees: renderers per format (render, word), display formatting,
the Swedish/English message catalogues (i18n, labels, messages*), exports and output
directories."""
