// Glue for bindings/glyph_raster.cpp (linked into the app only): one glyph drawn by the
// browser's own text renderer, for the app's font atlas (core/view/glyph_demand.h says
// which). The browser has fonts for every script the person's system has, and colour
// emoji; the app ships none of them.
(function () {
  var context = null;
  var MOST_EMS = 6;  // wider or taller glyphs (U+FDFD is ~10 ems wide) are not drawn
  // Private-use code points are the control bar's icons: web/parley.css's icon font.
  // It is fetched while the person is in the lobby, so that the call screen has it even
  // if the server goes away meanwhile; until it is there, the answer is "later"; without
  // it, an icon is left out (no box in its place).
  var ICONS = "'ForkAwesome'";
  if (typeof document !== 'undefined' && document.fonts) {
    document.fonts.load('13px ' + ICONS).catch(function () {});
  }
  var iconFace = null;  // its FontFace (document.fonts.check() says true before it loads)
  var iconsLoaded = false;
  function isIcon(codePoint) { return codePoint >= 0xE000 && codePoint <= 0xF8FF; }
  // 'ready', 'later' (loading), or 'none' (no icon font: the glyph is drawn as a box).
  function iconFont() {
    if (iconFace === null) {
      document.fonts.forEach(function (face) {
        if (face.family.replace(/['"]/g, '') === 'ForkAwesome') iconFace = face;
      });
      if (iconFace === null) return 'none';
    }
    if (iconFace.status === 'unloaded') iconFace.load().catch(function () {});
    if (iconFace.status === 'unloaded' || iconFace.status === 'loading') return 'later';
    if (iconFace.status !== 'loaded') return 'none';
    if (!iconsLoaded) {
      // A context made before the font arrived may keep what it resolved then.
      iconsLoaded = true;
      context = null;
    }
    return 'ready';
  }

  // { later: true } while the icon font loads, or
  // { width, height, advance, left, top, pixels } or null: a box of width x height RGBA
  // pixels (not premultiplied) holding the glyph of `codePoint` at `size` CSS pixels,
  // white (emoji keep their colours); `left` and `top` place the box's top-left corner
  // relative to the pen position on the baseline (x right, y up).
  Module['parleyRasterGlyph'] = function (codePoint, size) {
    if (isIcon(codePoint) && document.fonts) {
      var state = iconFont();
      if (state === 'later') return { later: true };
      if (state === 'none') {
        return { width: 1, height: 1, advance: 0, left: 0, top: 0, pixels: new Uint8ClampedArray(4) };
      }
    }
    if (context === null) {
      var canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) :
                                                           document.createElement('canvas');
      context = canvas.getContext('2d', {willReadFrequently: true});
      if (!context) return null;
    }
    var text = String.fromCodePoint(codePoint);
    var font = size + 'px ' + (isIcon(codePoint) ? ICONS : 'system-ui, sans-serif');
    context.font = font;
    var metrics = context.measureText(text);
    var left = Math.ceil(metrics.actualBoundingBoxLeft) + 1;  // 1 pixel of padding round
    var right = Math.ceil(metrics.actualBoundingBoxRight) + 1;
    var ascent = Math.ceil(metrics.actualBoundingBoxAscent) + 1;
    var descent = Math.ceil(metrics.actualBoundingBoxDescent) + 1;
    var width = Math.max(1, left + right);
    var height = Math.max(1, ascent + descent);
    if (!isFinite(width) || !isFinite(height) || width > MOST_EMS * size ||
        height > MOST_EMS * size) {
      return null;
    }
    context.canvas.width = width;  // also resets the context's state
    context.canvas.height = height;
    context.font = font;
    context.fillStyle = '#ffffff';
    context.textBaseline = 'alphabetic';
    context.fillText(text, left, ascent);
    return {
      width: width,
      height: height,
      advance: metrics.width,
      left: -left,
      top: ascent,
      pixels: context.getImageData(0, 0, width, height).data,
    };
  };
})();
