// The website widget loader (S1). A site pastes
//   <script src="https://CHATS-HOST/widget.js" data-room="ROOM" async></script>
// and gets a chat button that opens the room's widget in a frame.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var room = script.getAttribute('data-room') || '';
  if (!/^[a-z0-9_-]{1,64}$/.test(room)) return;
  var origin = new URL(script.src).origin;
  var open = false;
  var frame = null;

  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Чат');
  button.setAttribute('data-chats-widget', room);
  button.textContent = '💬';
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;' +
    'border:none;background:#2563eb;color:#fff;font-size:26px;cursor:pointer;z-index:2147483646;' +
    'box-shadow:0 4px 14px rgba(0,0,0,.25)';
  button.addEventListener('click', function () {
    open = !open;
    if (open && !frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/widget/' + encodeURIComponent(room);
      frame.title = 'Чат';
      frame.setAttribute('data-chats-frame', room);
      frame.style.cssText = 'position:fixed;right:20px;bottom:88px;width:360px;height:520px;max-width:calc(100vw - 40px);' +
        'max-height:calc(100vh - 120px);border:1px solid #d0d7e2;border-radius:12px;background:#fff;' +
        'z-index:2147483647;box-shadow:0 8px 30px rgba(0,0,0,.2)';
      document.body.appendChild(frame);
    }
    if (frame) frame.style.display = open ? 'block' : 'none';
    button.textContent = open ? '×' : '💬';
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
