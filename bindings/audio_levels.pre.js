// Glue for bindings/audio_levels.cpp (linked with --pre-js into the app only): one
// AudioContext, an AnalyserNode per metered stream, and their RMS levels on demand.
Module['parleyAudio'] = {
  context: null,
  meters: {}
};

Module['meterAudio'] = function(key, stream) {
  var audio = Module['parleyAudio'];
  Module['unmeterAudio'](key);
  if (!stream || stream.getAudioTracks().length === 0) return false;
  var Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return false;
  if (!audio.context) audio.context = new Context();
  var source = audio.context.createMediaStreamSource(stream);
  var analyser = audio.context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);  // not to the destination: the <video> element plays it
  audio.meters[key] = {
    source: source,
    analyser: analyser,
    samples: new Float32Array(analyser.fftSize)
  };
  return true;
};

Module['unmeterAudio'] = function(key) {
  var audio = Module['parleyAudio'];
  var meter = audio.meters[key];
  if (!meter) return;
  meter.source.disconnect();
  delete audio.meters[key];
};

// {key: RMS level 0..1} of every metered stream, as JSON.
Module['audioLevelsNow'] = function() {
  var audio = Module['parleyAudio'];
  if (audio.context && audio.context.state === 'suspended') audio.context.resume();
  var levels = {};
  for (var key in audio.meters) {
    var meter = audio.meters[key];
    meter.analyser.getFloatTimeDomainData(meter.samples);
    var sum = 0;
    for (var i = 0; i < meter.samples.length; i++) sum += meter.samples[i] * meter.samples[i];
    levels[key] = Math.sqrt(sum / meter.samples.length);
  }
  return JSON.stringify(levels);
};
