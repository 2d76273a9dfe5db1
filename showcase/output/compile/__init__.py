"""The 典型案例汇编: gather the bureau's featured cases (:mod:`.gather`), lay them out as HTML
(:mod:`.document`), print a PDF with WeasyPrint (:mod:`.pdf`) and a Word file with pandoc
(:mod:`.docx`), each in two editions whose images differ (:mod:`.editions`: 屏幕版 to e-mail,
印刷版 for the printer).  ``python build.py compile`` runs it (:mod:`.command`); the site shows
the same compilation as a printable page (``compilation/``).
"""
