// Glue for bindings/glyph_raster.cpp (linked into the app only): one glyph drawn by the
// browser's own text renderer, for the app's font atlas (core/view/glyph_demand.h says
// which). The browser has fonts for every script the person's system has, and colour
// emoji; the app ships none of them.
(function () {
  var context = null;
  var MOST_EMS = 6;  // wider or taller glyphs (U+FDFD is ~10 ems wide) are not drawn

  // { width, height, advance, left, top, pixels } or null: a box of width x height RGBA
  // pixels (not premultiplied) holding the glyph of `codePoint` at `size` CSS pixels,
  // white (emoji keep their colours); `left` and `top` place the box's top-left corner
  // relative to the pen position on the baseline (x right, y up).
  Module['parleyRasterGlyph'] = function (codePoint, size) {
    if (context === null) {
      var canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) :
                                                           document.createElement('canvas');
      context = canvas.getContext('2d', {willReadFrequently: true});
      if (!context) return null;
    }
    var text = String.fromCodePoint(codePoint);
    var font = size + 'px system-ui, sans-serif';
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
