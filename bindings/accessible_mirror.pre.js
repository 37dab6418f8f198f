// Glue for bindings/accessible_mirror.cpp (linked into the app only): a DOM tree beside the
// canvas that mirrors the UI for screen readers and keyboards (core/view/accessible_view.h
// makes the nodes). The canvas is an empty image to assistive technology; these elements
// carry the roles, names and states, sit over the widgets they stand for (a screen reader's
// touch exploration finds them there) and are invisible. Activating one - a screen
// reader's action, a click, Enter or Space - asks the app to click its widget. Tab and
// Shift+Tab move the keyboard focus through them in the order the UI draws them; the app
// draws a focus ring around the widget whose element has the focus.
(function () {
  var root = null;
  var regions = {};
  var elements = new Map();  // node key -> element
  var nodes = new Map();     // node key -> node
  var fieldKey = '';         // the text field with the cursor, if any

  function call(name, key) {
    if (typeof Module[name] === 'function') Module[name](key);
  }

  function region(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    root.appendChild(element);
    return element;
  }

  function make() {
    root = document.createElement('div');
    root.className = 'parley-a11y';
    root.id = 'parley-a11y';
    regions.people = region('ul', {'aria-label': 'People in the call'});
    regions.controls = region('div', {});
    regions.chat = region('div', {role: 'log', 'aria-label': 'Chat messages'});
    regions.status = region('div', {role: 'status'});
    regions.alert = region('div', {role: 'alert'});
    root.addEventListener('focusin', function (event) {
      var key = event.target.dataset && event.target.dataset.key;
      if (key) call('mirrorFocus', key);
    });
    // Focus that goes to the app's text entry (a text field got the cursor) stays on the
    // field: its ring stays.
    root.addEventListener('focusout', function (event) {
      var to = event.relatedTarget;
      if (!to || (!root.contains(to) && !to.classList.contains('parley-text-input'))) {
        call('mirrorFocus', '');
      }
    });
    var canvas = Module['canvas'];
    canvas.parentNode.insertBefore(root, canvas.nextSibling);
  }

  function create(node) {
    var element;
    switch (node.role) {
      case 'button':
        element = document.createElement('button');
        element.type = 'button';
        break;
      case 'textbox':
        element = document.createElement('input');
        element.type = 'text';
        element.setAttribute('autocomplete', 'off');
        element.dataset.field = '1';
        // Tabbed to or tapped: the app puts its field's cursor there; its own text entry
        // (bindings/text_input) then takes the focus.
        element.addEventListener(
            'focus', function () { call('mirrorActivate', element.dataset.key); });
        element.addEventListener('input', function (event) {
          if (event.data && Module['parleyTextInput']) Module['parleyTextInput'].push(event.data);
        });
        break;
      case 'listitem':
        element = document.createElement(node.region === 'people' ? 'li' : 'p');
        break;
      case 'text':
        element = document.createElement('p');
        break;
      default:
        element = document.createElement('div');
        element.setAttribute('role', node.role);
    }
    if (node.role === 'combobox' || node.role === 'option') {
      element.tabIndex = 0;
      element.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          call('mirrorActivate', element.dataset.key);
        }
      });
    }
    if (node.role === 'combobox') element.setAttribute('aria-haspopup', 'listbox');
    if (node.role !== 'textbox') {
      element.addEventListener('click', function () { call('mirrorActivate', element.dataset.key); });
    }
    element.dataset.key = node.key;
    element.dataset.role = node.role;
    return element;
  }

  function attribute(element, name, value) {
    if (value === undefined || value === null) {
      if (element.hasAttribute(name)) element.removeAttribute(name);
    } else if (element.getAttribute(name) !== String(value)) {
      element.setAttribute(name, String(value));
    }
  }

  function update(element, node) {
    // Paragraphs (chat, what the app says) are read by their text; everything else by name.
    var labelled = element.tagName !== 'P';
    attribute(element, 'aria-label', labelled ? node.name : null);
    if (!labelled && element.textContent !== node.name) element.textContent = node.name;
    attribute(element, 'aria-pressed', node.pressed);
    attribute(element, 'aria-expanded', node.expanded);
    attribute(element, 'aria-disabled', node.disabled ? 'true' : null);
    if (node.role === 'progressbar') {
      attribute(element, 'aria-valuemin', 0);
      attribute(element, 'aria-valuemax', 100);
      attribute(element, 'aria-valuenow', node.value);
    }
    if (node.role === 'combobox' && element.textContent !== node.value)
      element.textContent = node.value;
    if (node.role === 'textbox' && element.value !== node.value &&
        document.activeElement !== element) {
      element.value = node.value;
    }
    if (node.operable) element.dataset.operable = '1';
    var rect = node.rect;
    element.style.left = rect[0] + 'px';
    element.style.top = rect[1] + 'px';
    element.style.width = rect[2] + 'px';
    element.style.height = rect[3] + 'px';
  }

  // Puts `children` into `parent` in this order, moving only what is out of place (moving
  // an element would take the keyboard focus from it).
  function arrange(parent, children) {
    children.forEach(function (child, index) {
      if (parent.children[index] !== child)
        parent.insertBefore(child, parent.children[index] || null);
    });
    while (parent.children.length > children.length) parent.removeChild(parent.lastChild);
  }

  // Options go in a listbox after their combo box.
  function listboxAfter(comboKey) {
    var key = 'listbox:' + comboKey;
    var listbox = elements.get(key);
    if (!listbox) {
      listbox = document.createElement('div');
      listbox.setAttribute('role', 'listbox');
      listbox.dataset.key = key;
      elements.set(key, listbox);
    }
    return listbox;
  }

  Module['parleyMirror'] = {
    show: function (json) {
      if (root === null) make();
      var list = JSON.parse(json);
      var seen = new Set();
      var byRegion = {people: [], controls: [], chat: [], status: [], alert: []};
      var listbox = null;
      var options = [];
      var comboKey = '';
      fieldKey = '';
      nodes = new Map();
      var closeListbox = function () {
        if (listbox !== null) arrange(listbox, options);
        listbox = null;
        options = [];
      };
      list.forEach(function (node) {
        var element = elements.get(node.key);
        if (element && element.dataset.role !== node.role) element = null;
        if (!element) {
          element = create(node);
          elements.set(node.key, element);
        }
        update(element, node);
        seen.add(node.key);
        nodes.set(node.key, node);
        if (node.focused) fieldKey = node.key;
        if (node.role === 'combobox') comboKey = node.key;
        if (node.role === 'option') {
          if (listbox === null) {
            listbox = listboxAfter(comboKey);
            attribute(listbox, 'aria-label', (nodes.get(comboKey) || {}).name || 'Options');
            byRegion.controls.push(listbox);
            seen.add(listbox.dataset.key);
          }
          options.push(element);
          return;
        }
        closeListbox();
        (byRegion[node.region] || byRegion.controls).push(element);
      });
      closeListbox();
      Object.keys(byRegion).forEach(function (name) { arrange(regions[name], byRegion[name]); });
      elements.forEach(function (element, key) {
        if (!seen.has(key)) elements.delete(key);
      });
    },
  };

  // Tab and Shift+Tab: the next operable element of the mirror, in the order drawn, from
  // the focused one (or from the field whose text entry has the focus). GLFW would take
  // Tab from the browser (it cancels the key); this listener comes first and keeps it.
  window.addEventListener('keydown', function (event) {
    if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey || root === null)
      return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var operable = Array.prototype.slice.call(root.querySelectorAll('[data-operable]'));
    if (operable.length === 0) return;
    var current = document.activeElement;
    if (!root.contains(current) && fieldKey) current = elements.get(fieldKey);
    var index = operable.indexOf(current);
    var next = index < 0 ? (event.shiftKey ? operable.length - 1 : 0) :
                           (index + (event.shiftKey ? -1 : 1) + operable.length) % operable.length;
    operable[next].focus({preventScroll: true});
  }, true);
})();
