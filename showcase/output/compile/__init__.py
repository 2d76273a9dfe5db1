"""The 典型案例汇编: gather the bureau's featured cases (:mod:`.gather`), lay them out as HTML
(:mod:`.document`), print a PDF with WeasyPrint (:mod:`.pdf`) and a Word file with pandoc
(:mod:`.docx`).  ``python build.py compile`` runs it (:mod:`.command`); the site shows the same
compilation as a printable page (``compilation/``).
"""
