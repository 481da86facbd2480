/*
 * Runs before the page is first painted (a blocking script in <head>; the CSP allows no inline
 * script): puts the theme chosen earlier on <html>, so a dark page never flashes light. The key
 * and the values are those of src/components/theme/theme.ts. No choice, "system" or no storage
 * (a private window may refuse it): no attribute, and the stylesheet follows the system.
 */
/* global window, document */
(function () {
  try {
    var choice = window.localStorage.getItem('docker-footprint-theme');
    if (choice === 'light' || choice === 'dark') {
      document.documentElement.setAttribute('data-theme', choice);
    }
  } catch {
    // Storage refused: follow the system.
  }
})();
