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

  /* The menu button of narrow screens is a <label> for Material's drawer checkbox, which the
     keyboard cannot reach (and a label may not take the role of a button): it is replaced by a
     real button that says whether the menu is open; opening it moves focus into the menu,
     Escape closes it and returns focus to the button. Without script the label stays. */
  function keyboardDrawer() {
    var toggle = document.getElementById('__drawer');
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var drawer = document.querySelector('.md-sidebar--primary');
    if (!toggle || !label || !drawer) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = label.className + ' sc-menu-button';
    button.setAttribute('aria-label', '导航菜单');
    while (label.firstChild) button.appendChild(label.firstChild);
    label.replaceWith(button);
    var sync = function () { button.setAttribute('aria-expanded', String(toggle.checked)); };
    sync();
    button.addEventListener('click', function () { toggle.click(); });
    toggle.addEventListener('change', function () {
      sync();
      var first = drawer.querySelector('a[href], [tabindex="0"]');
      // Opened from the button: focus goes into the menu once it is visible (its visibility
      // follows the checkbox).
      if (toggle.checked && document.activeElement === button && first) {
        window.requestAnimationFrame(function () { first.focus(); });
      }
    });
    drawer.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || !toggle.checked) return;
      toggle.click();
      button.focus();
    });
  }

  // Material emits document$ once it has laid out the page (tables wrapped); a later subscriber
  // is called at once with the current page.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { markScrollingTables(); keyboardDrawer(); });
  } else {
    document.addEventListener('DOMContentLoaded', function () { markScrollingTables(); keyboardDrawer(); });
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollingTables, 150);
  });
})();
