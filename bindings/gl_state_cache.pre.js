// Glue for bindings/gl_state_cache.cpp (linked with --pre-js into the app only).
//
// Dear ImGui's OpenGL backend saves and restores the GL state around every frame, reading
// it with glGetIntegerv. Chromium answers most of those reads from the renderer, but not
// the viewport, scissor box, blend functions and blend equations: each of those waits for
// the GPU process to finish everything queued before it - under SwiftShader, the whole
// previous frame. A trace of the 4-tile benchmark showed frames of 15-20 ms wall clock
// with 1 ms of CPU, nearly all of it in these waits. The app is the only user of its
// context, so it keeps those few values itself, from the calls that set them.
Module['cacheGlState'] = function () {
  var gl = Module['ctx'];
  if (!gl || gl.parleyStateCache) return;
  var read = gl.getParameter.bind(gl);
  var cached = {};
  function remember(name, value) { cached[name] = value; }
  function seed() {  // one wait each, once; again after a lost context comes back
    [gl.VIEWPORT, gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA,
     gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA].forEach(function (name) {
      remember(name, read(name));
    });
  }
  function after(method, update) {
    var original = gl[method].bind(gl);
    gl[method] = function () {
      original.apply(null, arguments);
      update.apply(null, arguments);
    };
  }
  after('viewport', function (x, y, w, h) { remember(gl.VIEWPORT, new Int32Array([x, y, w, h])); });
  after('scissor', function (x, y, w, h) { remember(gl.SCISSOR_BOX, new Int32Array([x, y, w, h])); });
  after('blendFunc', function (src, dst) {
    remember(gl.BLEND_SRC_RGB, src); remember(gl.BLEND_SRC_ALPHA, src);
    remember(gl.BLEND_DST_RGB, dst); remember(gl.BLEND_DST_ALPHA, dst);
  });
  after('blendFuncSeparate', function (srcRgb, dstRgb, srcAlpha, dstAlpha) {
    remember(gl.BLEND_SRC_RGB, srcRgb); remember(gl.BLEND_DST_RGB, dstRgb);
    remember(gl.BLEND_SRC_ALPHA, srcAlpha); remember(gl.BLEND_DST_ALPHA, dstAlpha);
  });
  after('blendEquation', function (mode) {
    remember(gl.BLEND_EQUATION_RGB, mode); remember(gl.BLEND_EQUATION_ALPHA, mode);
  });
  after('blendEquationSeparate', function (rgb, alpha) {
    remember(gl.BLEND_EQUATION_RGB, rgb); remember(gl.BLEND_EQUATION_ALPHA, alpha);
  });
  gl.getParameter = function (name) {
    if (!(name in cached)) return read(name);
    var value = cached[name];
    return value instanceof Int32Array ? new Int32Array(value) : value;  // callers may keep it
  };
  gl.canvas.addEventListener('webglcontextrestored', seed);
  seed();
  gl.parleyStateCache = true;
};
