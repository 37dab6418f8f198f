// Glue for bindings/touch_input.cpp (linked into the app only): the canvas's touches, for
// core/view/touch_gestures.h. Emscripten's GLFW turns a touch into a mouse button
// without moving the pointer (3.1.6 reads a touch's position only for SDL), so a tap
// pressed wherever the pointer was; these listeners come first and keep touches from it,
// and from the browser's own panning, zooming and emulated mouse events. Only the first
// finger counts.
(function () {
  var MOST_QUEUED = 512;
  var queue = [];     // [kind, x, y]: 0 down, 1 move, 2 up, 3 cancel
  var finger = null;  // the identifier of the finger followed

  function place(touch) {
    var rect = Module['canvas'].getBoundingClientRect();
    return [touch.clientX - rect.left, touch.clientY - rect.top];
  }
  function push(kind, touch) {
    if (queue.length >= MOST_QUEUED) queue.shift();
    var at = touch ? place(touch) : [0, 0];
    queue.push([kind, at[0], at[1]]);
  }
  function followed(list) {
    for (var i = 0; i < list.length; ++i) {
      if (list[i].identifier === finger) return list[i];
    }
    return null;
  }
  // A tap on a text field: the app's text entry takes the focus now, while the tap is a
  // user gesture - phones show their keyboard only then (bindings/text_input.pre.js).
  function onTextField(touch) {
    var fields = document.querySelectorAll('#parley-a11y [data-field]');
    for (var i = 0; i < fields.length; ++i) {
      var rect = fields[i].getBoundingClientRect();
      if (touch.clientX >= rect.left && touch.clientX <= rect.right && touch.clientY >= rect.top &&
          touch.clientY <= rect.bottom)
        return true;
    }
    return false;
  }
  function listen(type, handle) {
    Module['canvas'].addEventListener(type, function (event) {
      event.stopImmediatePropagation();
      if (event.cancelable) event.preventDefault();
      handle(event);
    }, {capture: true, passive: false});
  }

  listen('touchstart', function (event) {
    if (finger !== null) return;
    var touch = event.changedTouches[0];
    finger = touch.identifier;
    push(0, touch);
  });
  listen('touchmove', function (event) {
    var touch = followed(event.changedTouches);
    if (touch) push(1, touch);
  });
  listen('touchend', function (event) {
    var touch = followed(event.changedTouches);
    if (!touch) return;
    push(1, touch);
    push(2, touch);
    finger = null;
    if (onTextField(touch) && Module['parleyTextInput']) Module['parleyTextInput'].focusNow();
  });
  listen('touchcancel', function (event) {
    if (!followed(event.changedTouches)) return;
    push(3, null);
    finger = null;
  });

  Module['parleyTouch'] = {
    // The touch events since the last call, oldest first: a flat array of kind, x, y.
    take: function () {
      var flat = [];
      queue.forEach(function (event) { flat.push(event[0], event[1], event[2]); });
      queue = [];
      return flat;
    },
  };
})();
