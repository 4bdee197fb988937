// The website widget loader (S1). A site pastes
//   <script src="https://CHATS-HOST/widget.js" data-room="ROOM" async></script>
// and gets a chat button that opens the room's widget in a frame.
// data-lang="en" words the button and the widget in English (Russian otherwise).
(function () {
  var script = document.currentScript;
  if (!script) return;
  var room = script.getAttribute('data-room') || '';
  if (!/^[a-z0-9_-]{1,64}$/.test(room)) return;
  var origin = new URL(script.src).origin;
  var english = (script.getAttribute('data-lang') || '').toLowerCase() === 'en';
  var label = english ? 'Chat' : 'Чат';
  var open = false;
  var frame = null;

  // Lucide icons (ISC, https://lucide.dev): message-circle and x, as paths.
  var ICONS = {
    chat: ['M2.992 16.342a2 2 0 0 1 .094 1.167l-1.065 3.29a1 1 0 0 0 1.236 1.168l3.413-.998a2 2 0 0 1 1.099.092 10 10 0 1 0-4.777-4.719'],
    close: ['M18 6 6 18', 'm6 6 12 12']
  };
  function icon(name) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    var attributes = { viewBox: '0 0 24 24', width: '28', height: '28', fill: 'none', stroke: 'currentColor',
      'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' };
    for (var key in attributes) svg.setAttribute(key, attributes[key]);
    ICONS[name].forEach(function (d) {
      var path = document.createElementNS(ns, 'path');
      path.setAttribute('d', d);
      svg.appendChild(path);
    });
    return svg;
  }
  function show(name) {
    while (button.firstChild) button.removeChild(button.firstChild);
    button.appendChild(icon(name));
  }

  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.setAttribute('data-chats-widget', room);
  show('chat');
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;' +
    'border:none;background:#2563eb;color:#fff;padding:0;display:flex;align-items:center;justify-content:center;' +
    'cursor:pointer;z-index:2147483646;' +
    'box-shadow:0 4px 14px rgba(0,0,0,.25)';
  button.addEventListener('click', function () {
    open = !open;
    if (open && !frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/widget/' + encodeURIComponent(room) + (english ? '?lang=en' : '');
      frame.title = label;
      frame.setAttribute('data-chats-frame', room);
      frame.style.cssText = 'position:fixed;right:20px;bottom:88px;width:360px;height:520px;max-width:calc(100vw - 40px);' +
        'max-height:calc(100vh - 120px);border:1px solid #d0d7e2;border-radius:12px;background:#fff;' +
        'z-index:2147483647;box-shadow:0 8px 30px rgba(0,0,0,.2)';
      document.body.appendChild(frame);
    }
    if (frame) frame.style.display = open ? 'block' : 'none';
    show(open ? 'close' : 'chat');
  });
  document.body.appendChild(button);

  // C1: the operator's client panel shows the page the visitor is on now.
  // The frame asks once it listens; after that every change is reported.
  // Messages go to the widget's origin only.
  var reported = '';
  function report(force) {
    if (!frame || !frame.contentWindow) return;
    var now = location.href + '\n' + document.title;
    if (!force && now === reported) return;
    reported = now;
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { zone = ''; }
    frame.contentWindow.postMessage({
      type: 'chats-page', url: location.href, title: document.title,
      timezone: zone, language: navigator.language || ''
    }, origin);
  }
  window.addEventListener('message', function (event) {
    if (frame && event.origin === origin && event.source === frame.contentWindow &&
        event.data && event.data.type === 'chats-ready') report(true);
  });
  window.addEventListener('popstate', function () { report(false); });
  window.addEventListener('hashchange', function () { report(false); });
  // Sites that change pages with history.pushState say nothing; look each second.
  setInterval(function () { report(false); }, 1000);
})();
