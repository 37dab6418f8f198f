// Glue for bindings/text_input.cpp (linked into the app only): the browser's text entry
// for ImGui's text fields.
//
// Emscripten's GLFW makes characters from `keypress` events alone, and keypress misses
// most of what people type: characters an input method composes ("王芳"), those an on-screen
// keyboard, an emoji picker or automation inserts without a key ("Zoë", "Łukasz", "🎉"),
// and every paste. "Zoë Łukasz 王芳" arrived as "Zo ukasz". So while an ImGui text field has
// the cursor, a textarea the person does not see holds the keyboard focus; what the
// browser inserts there - typed, composed or pasted - is queued as text and handed to ImGui
// each frame. Keys (arrows, Backspace, Enter, Ctrl+A, the shortcuts) still reach GLFW's
// keydown listener on `window`. While a composition runs the textarea is shown at the
// caret, so the person sees what they are composing.
(function () {
  var MOST_QUEUED = 65536;  // characters waiting for a frame; fields hold far fewer
  var input = null;         // the textarea, made when a field first takes the cursor
  var queued = '';          // committed text the app has not taken yet
  var composing = false;

  function commit() {
    if (composing || !input || !input.value) return;
    queued = (queued + input.value).slice(0, MOST_QUEUED);
    input.value = '';
  }

  function make() {
    input = document.createElement('textarea');
    input.className = 'parley-text-input';
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('autocapitalize', 'off');
    input.setAttribute('spellcheck', 'false');
    input.addEventListener('input', function (event) {
      if (!event.isComposing) commit();
    });
    input.addEventListener('compositionstart', function () {
      composing = true;
      input.classList.add('composing');
    });
    input.addEventListener('compositionend', function () {
      composing = false;
      input.classList.remove('composing');
      commit();
    });
    document.body.appendChild(input);
  }

  function ours(target) {
    return input !== null && (target === input || target === Module['canvas']);
  }
  // GLFW listens for keypress on window (capture) to make characters. A keypress aimed at
  // the textarea inserts its character there too (the input event above): GLFW must not
  // see it, or it would arrive twice. And focus passing between the canvas and the
  // textarea is no window blur, after which GLFW would release every key held. Both
  // listeners are added before glfwInit adds GLFW's, so they run first.
  // The same holds for the accessible mirror's text fields (bindings/accessible_mirror.pre.js),
  // which pass on what is typed into them before the app moves the focus here.
  window.addEventListener('keypress', function (event) {
    var target = event.target;
    if ((input !== null && target === input) || (target && target.dataset && target.dataset.field)) {
      event.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('blur', function (event) {
    if (ours(event.target)) event.stopImmediatePropagation();
  }, true);

  Module['parleyTextInput'] = {
    // Each frame: whether a field has the cursor, its name, and its caret (CSS pixels
    // from the canvas's top-left corner; the top of the text line).
    follow: function (active, label, x, y, lineHeight) {
      if (!active) {
        if (input !== null && document.activeElement === input) {
          commit();
          input.blur();
        }
        // Not a field now: screen readers skip it (the accessible mirror has the fields).
        if (input !== null && !input.hasAttribute('aria-hidden')) input.setAttribute('aria-hidden', 'true');
        return;
      }
      if (input === null) make();
      if (input.hasAttribute('aria-hidden')) input.removeAttribute('aria-hidden');
      var canvas = Module['canvas'].getBoundingClientRect();
      input.style.left = (canvas.left + x) + 'px';
      input.style.top = (canvas.top + y) + 'px';
      input.style.height = lineHeight + 'px';
      if (input.getAttribute('aria-label') !== label) input.setAttribute('aria-label', label);
      if (document.activeElement !== input) input.focus({ preventScroll: true });
    },
    // A tap on a field (bindings/touch_input.pre.js): focus now, inside the user gesture,
    // so that a phone shows its keyboard; follow() places it once the field has the cursor.
    focusNow: function () {
      if (input === null) make();
      if (input.hasAttribute('aria-hidden')) input.removeAttribute('aria-hidden');
      input.focus({ preventScroll: true });
    },
    // Text typed somewhere else for the field with the cursor (the accessible mirror).
    push: function (text) {
      queued = (queued + text).slice(0, MOST_QUEUED);
    },
    // The text committed since the last call.
    take: function () {
      commit();
      var text = queued;
      queued = '';
      return text;
    },
  };
})();
