// The page script of the Parley app (shell/parley.html), loaded before Emscripten's loader:
// it shows loading progress and fatal errors in #status instead of a blank page, and sets
// window.parley = { ready, snapshot(), widgets() } once the app fires `parley-ready` after
// its first frame. It is a file, not inline, because parley-server's Content-Security-Policy
// allows no inline script.
(function () {
  const status = document.getElementById('status');
  function showStatus(text, isError) {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('error', !!isError);
  }
  function fail(text) {
    showStatus('Parley stopped: ' + text, true);
  }

  window.parley = { ready: false, snapshot: () => ({}), widgets: () => [] };
  document.addEventListener('parley-ready', () => {
    showStatus('', false);
    window.parley = {
      ready: true,
      snapshot: () => JSON.parse(Module.appSnapshot()),
      widgets: () => JSON.parse(Module.appWidgets()),
    };
  }, { once: true });

  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => { console.error(text); fail(text); },
    setStatus: (text) => { if (!window.parley.ready) showStatus(text, false); },
    onAbort: (what) => fail(String(what)),
  };
  window.addEventListener('error', (event) => fail(event.message));
  // The canvas is the app: the browser's context menu has nothing for it.
  document.getElementById('canvas').addEventListener('contextmenu', (event) => event.preventDefault());
})();
