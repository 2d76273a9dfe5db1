-- pandoc filter for the compilation's Word version.
-- Footnotes: the HTML carries each note inline as <span class="fn">…</span>; make it a Word
-- footnote.  Admonitions (<div class="admonition">) get the "Admonition" paragraph style.
function Span(el)
  if el.classes:includes("fn") then
    return pandoc.Note({pandoc.Para(el.content)})
  end
end

function Div(el)
  if el.classes:includes("admonition") and not el.attributes["custom-style"] then
    el.attributes["custom-style"] = "Admonition"
    return el
  end
end
