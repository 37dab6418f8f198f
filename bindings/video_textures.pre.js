// Glue for bindings/video_textures.cpp (linked with --pre-js into the app only): frame
// notifications from a <video>, and the copy of its current frame into a GL texture.

// Calls `onFrame({width, height})` (a JsFunction) for every new frame `video` presents.
Module['watchVideoFrames'] = function(video, onFrame) {
  function report(width, height) { onFrame({width: width, height: height}); }
  if (typeof video.requestVideoFrameCallback === 'function') {
    var onPresented = function(now, metadata) {
      if (!video.srcObject) return;  // released: the chain ends
      report(metadata.width, metadata.height);
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
      report(video.videoWidth, video.videoHeight);
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
};

// Copies the frame `video` shows into GL texture `textureId` (a name from glGenTextures);
// `allocate` when its size changed. Returns false when the frame could not be read.
Module['uploadVideoFrame'] = function(video, textureId, allocate) {
  var gl = Module['ctx'];
  var texture = GL.textures[textureId];
  if (!gl || !texture || video.readyState < 2) return false;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  if (allocate) {
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, video);
  } else {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, video);
  }
  gl.bindTexture(gl.TEXTURE_2D, null);
  return true;
};
