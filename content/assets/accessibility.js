/* Wide tables scroll inside their own box (Material wraps every table in .md-typeset__scrollwrap),
   so that the page itself reflows at 320 px (WCAG 1.4.10). A box that scrolls is made a named,
   focusable region, so that a keyboard user can reach it and scroll it with the arrow keys
   (WCAG 2.1.1; axe rule scrollable-region-focusable). Measured by
   tests/browser/test_accessibility.py. */
(function () {
  'use strict';

  function nearestHeading(element) {
    for (var node = element; node && !node.classList.contains('md-content'); node = node.parentElement) {
      for (var before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return before;
      }
    }
    return null;
  }

  function markScrollingTables() {
    var boxes = document.querySelectorAll('.md-typeset__scrollwrap');
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var heading = nearestHeading(box);
        var title = heading ? heading.textContent.replace(/¶\s*$/, '').trim() : '';
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', (title ? title + '：' : '') + '表格，可左右滚动');
      } else {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    });
  }

  // Material emits document$ once it has laid out the page (tables wrapped); a later subscriber
  // is called at once with the current page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(markScrollingTables);
  } else {
    document.addEventListener('DOMContentLoaded', markScrollingTables);
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollingTables, 150);
  });
})();
