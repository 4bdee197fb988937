// The offline page in the language the workspace was last used in (the
// choice the app saves as `chats.lang`): Russian unless it is English.
(function () {
  var lang = '';
  try { lang = localStorage.getItem('chats.lang') || ''; } catch (e) { /* storage refused */ }
  if (lang.toLowerCase() !== 'en') return;
  document.documentElement.lang = 'en';
  var link = document.querySelector('link[rel=manifest]');
  if (link) link.setAttribute('href', '/manifest.en.webmanifest');
  document.querySelectorAll('[data-en]').forEach(function (element) {
    element.textContent = element.getAttribute('data-en');
  });
  // The English hint under the Russian text is not needed twice.
  document.querySelectorAll('[data-ru-only]').forEach(function (element) { element.remove(); });
})();
