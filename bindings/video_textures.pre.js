// Glue for bindings/video_textures.cpp (linked with --pre-js into the app only): frame
// notifications from a <video>, and the copy of its current frame into a GL texture.
//
// Where WebCodecs can convert (VideoFrame.copyTo with format 'RGBA'), each new frame is
// copied out of the <video> asynchronously into one of two RGBA buffers, and the UI frame
// uploads that buffer with texSubImage2D: about 0.5 ms per frame in headless Chromium
// (SwiftShader), against 2.5-3 ms for texImage2D straight from the <video>, which waits
// on the GPU process. Elsewhere the <video> is uploaded directly.

// Calls `onFrame({width, height})` (a JsFunction) whenever a new frame of `video` can be
// uploaded.
Module['watchVideoFrames'] = function(video, onFrame) {
  var state = {direct: typeof VideoFrame !== 'function', copying: false, buffers: [null, null],
               ready: null, width: 0, height: 0};
  video.parleyFrames = state;
  function report(width, height) { onFrame({width: width, height: height}); }
  function useDirect() {
    state.direct = true;
    report(video.videoWidth, video.videoHeight);
  }
  function copyFrame() {
    if (state.copying) return;  // the last copy is still running: this frame is skipped
    var frame;
    try {
      frame = new VideoFrame(video);
    } catch (error) {
      return useDirect();
    }
    var width = frame.visibleRect.width, height = frame.visibleRect.height;
    var target = state.buffers[0];
    if (!target || target.length !== width * height * 4) target = state.buffers[0] = new Uint8Array(width * height * 4);
    state.copying = true;
    frame.copyTo(target, {format: 'RGBA'}).then(function() {
      frame.close();
      state.copying = false;
      // The buffer just written is the one to upload; the next copy writes the other.
      state.buffers[0] = state.buffers[1];
      state.buffers[1] = target;
      state.ready = target;
      state.width = width;
      state.height = height;
      if (video.srcObject) report(width, height);
    }, function() {
      frame.close();
      state.copying = false;
      useDirect();  // this browser cannot convert to RGBA
    });
  }
  function onNewFrame(width, height) {
    if (state.direct) report(width, height); else copyFrame();
  }
  if (typeof video.requestVideoFrameCallback === 'function') {
    var onPresented = function(now, metadata) {
      if (!video.srcObject) return;  // released: the chain ends
      onNewFrame(metadata.width, metadata.height);
      video.requestVideoFrameCallback(onPresented);
    };
    video.requestVideoFrameCallback(onPresented);
    return;
  }
  var lastTime = -1;
  var poll = function() {
    if (!video.srcObject) return;
    if (video.readyState >= 2 && video.currentTime !== lastTime) {
      lastTime = video.currentTime;
      onNewFrame(video.videoWidth, video.videoHeight);
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
};

// Copies the latest frame of `video` into GL texture `textureId` (a name from
// glGenTextures); `allocate` when its size changed. Returns false when there is no frame.
Module['uploadVideoFrame'] = function(video, textureId, allocate) {
  var gl = Module['ctx'];
  var texture = GL.textures[textureId];
  var state = video.parleyFrames;
  if (!gl || !texture || !state) return false;
  if (!state.direct && !state.ready) return false;
  if (state.direct && video.readyState < 2) return false;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  if (!state.direct) {
    if (allocate) {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, state.width, state.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, state.ready);
    } else {
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, state.width, state.height, gl.RGBA, gl.UNSIGNED_BYTE, state.ready);
    }
  } else if (allocate) {
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, video);
  } else {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, video);
  }
  gl.bindTexture(gl.TEXTURE_2D, null);
  return true;
};
