// tools/bench/call-setup with STEPS=1: injected into every page (Parley and plain JS
// alike) before its own scripts. Records when each step of a call happens - media,
// signaling messages, descriptions, ICE and DTLS states, the first track - by wrapping
// the browser's own objects, so both clients are measured by the same code and neither
// knows. window.setupTrace holds [step, time] pairs, time as performance.timeOrigin +
// performance.now() (comparable across the pages of one browser).
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const trace = [];
  window.setupTrace = trace;
  const seen = new Set();
  const once = (step) => {  // the first time a step happens is the one that matters
    if (seen.has(step)) return;
    seen.add(step);
    trace.push([step, now()]);
    console.timeStamp(step);  // marks the step in a Chromium trace (TRACE_DIR)
  };

  const typeOf = (data) => {
    try { return JSON.parse(data).type ?? '?'; } catch { return 'binary'; }
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      once('ws open called');
      this.addEventListener('open', () => once('ws open'));
      this.addEventListener('message', (event) => once(`ws got ${typeOf(event.data)}`));
    }
    send(data) {
      once(`ws send ${typeOf(data)}`);
      return super.send(data);
    }
  };

  const timed = (target, name, label) => {
    const native = target.prototype[name];
    target.prototype[name] = function (...args) {
      const step = typeof label === 'function' ? label(this, args) : label;
      once(`${step} called`);
      const result = native.apply(this, args);
      if (result && typeof result.then === 'function') result.then(() => once(`${step} done`), () => {});
      else once(`${step} returned`);
      return result;
    };
  };
  const describe = (pc, [description]) => description?.type ?? (pc.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
  timed(RTCPeerConnection, 'setLocalDescription', (pc, args) => `local ${describe(pc, args)}`);
  timed(RTCPeerConnection, 'setRemoteDescription', (pc, [description]) => `remote ${description?.type}`);
  timed(RTCPeerConnection, 'createOffer', 'createOffer');
  timed(RTCPeerConnection, 'createAnswer', 'createAnswer');
  timed(RTCPeerConnection, 'addIceCandidate', 'addIceCandidate');
  timed(RTCPeerConnection, 'addTransceiver', 'addTransceiver');
  timed(RTCPeerConnection, 'addTrack', 'addTrack');
  timed(RTCPeerConnection, 'createDataChannel', 'createDataChannel');
  timed(RTCRtpSender, 'replaceTrack', 'replaceTrack');
  timed(MediaDevices, 'getUserMedia', 'getUserMedia');

  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      once('new RTCPeerConnection called');
      super(...args);
      once('new RTCPeerConnection returned');
      this.addEventListener('icecandidate', (event) => { if (event.candidate) once('icecandidate'); });
      this.addEventListener('iceconnectionstatechange', () => once(`ice ${this.iceConnectionState}`));
      this.addEventListener('connectionstatechange', () => once(`connection ${this.connectionState}`));
      this.addEventListener('track', (event) => once(`track ${event.track.kind}`));
    }
  };
})();
