// Glue for bindings/audio_levels.cpp (linked with --pre-js): one AudioContext for the
// page, an AnalyserNode per metered stream, and their RMS levels on demand.
//
// Only tracks that carry sound are fed to the context, and the context runs only while
// one is: a running AudioContext keeps an audio rendering thread busy even when every
// input is silent. A remote track whose sender sends nothing (a peer without a
// microphone, or one that never had audio) stays `muted` until packets arrive; metering
// it cost ~0.36 CPU-seconds per 32 MiB file transfer (tools/bench/file-transfer CPU=1).
Module['parleyAudio'] = {
  context: null,
  meters: {}
};

// Connects or disconnects `meter`'s source as its track starts or stops carrying sound,
// then suspends the context if no meter needs it (audioLevelsNow resumes it).
Module['parleyAudioUpdate'] = function(meter) {
  var audio = Module['parleyAudio'];
  var sounding = meter.track.readyState === 'live' && !meter.track.muted;
  if (sounding && !meter.source) {
    if (!audio.context) audio.context = new (window.AudioContext || window.webkitAudioContext)();
    meter.source = audio.context.createMediaStreamSource(meter.stream);
    meter.analyser = audio.context.createAnalyser();
    meter.analyser.fftSize = 512;
    meter.samples = new Float32Array(meter.analyser.fftSize);
    meter.source.connect(meter.analyser);  // not to the destination: the <video> element plays it
  } else if (!sounding && meter.source) {
    meter.source.disconnect();
    meter.source = null;
    meter.analyser = null;
  }
  if (audio.context && audio.context.state === 'running' && !Module['parleyAudioNeeded']()) {
    audio.context.suspend();
  }
};

Module['parleyAudioNeeded'] = function() {
  var meters = Module['parleyAudio'].meters;
  for (var key in meters) {
    if (meters[key].source) return true;
  }
  return false;
};

Module['meterAudio'] = function(key, stream) {
  var audio = Module['parleyAudio'];
  Module['unmeterAudio'](key);
  var track = stream ? stream.getAudioTracks()[0] : undefined;
  if (!track || !(window.AudioContext || window.webkitAudioContext)) return false;
  var meter = {stream: stream, track: track, source: null, analyser: null, samples: null};
  meter.update = function() { Module['parleyAudioUpdate'](meter); };
  ['mute', 'unmute', 'ended'].forEach(function(type) {
    track.addEventListener(type, meter.update);
  });
  audio.meters[key] = meter;
  meter.update();
  return true;
};

Module['unmeterAudio'] = function(key) {
  var audio = Module['parleyAudio'];
  var meter = audio.meters[key];
  if (!meter) return;
  ['mute', 'unmute', 'ended'].forEach(function(type) {
    meter.track.removeEventListener(type, meter.update);
  });
  if (meter.source) meter.source.disconnect();
  delete audio.meters[key];
  if (audio.context && audio.context.state === 'running' && !Module['parleyAudioNeeded']()) {
    audio.context.suspend();
  }
};

// {key: RMS level 0..1} of every metered stream (0 for one carrying no sound), as JSON.
Module['audioLevelsNow'] = function() {
  var audio = Module['parleyAudio'];
  // Created before the page had a user gesture, a context starts suspended: it is asked
  // to run again here, on the UI's frames, whenever a track has sound to meter.
  if (audio.context && audio.context.state === 'suspended' && Module['parleyAudioNeeded']()) {
    audio.context.resume();
  }
  var levels = {};
  for (var key in audio.meters) {
    var meter = audio.meters[key];
    if (!meter.analyser) {
      levels[key] = 0;
      continue;
    }
    meter.analyser.getFloatTimeDomainData(meter.samples);
    var sum = 0;
    for (var i = 0; i < meter.samples.length; i++) sum += meter.samples[i] * meter.samples[i];
    levels[key] = Math.sqrt(sum / meter.samples.length);
  }
  return JSON.stringify(levels);
};
