"""Generate: the site's pages (Markdown for an engine) and data files from a loaded site, as pure
functions.  ``render`` turns a school's Markdown into sanitised HTML; ``page`` holds the page
types and the escaping template environment; ``site`` assembles every page and data file."""
