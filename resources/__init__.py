"""Files the app ships: the default menu, stylesheets, translations and sounds."""
