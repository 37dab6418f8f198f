// The script of reference-robust.html (no inline script under parley-server's policy).
//
// The reference design's VideoChat (tests/e2e/pages/reference-client.js) with its
// RobustPeerConnection's recovery as printed: on ICE "failed", or "disconnected" still
// after 5 s, an offer with iceRestart; at most three attempts, counted again from zero
// once "connected". Three changes, each needed for a restart to work at all:
//   1. the restart offer names its target (the design's has none, which no server routes);
//   2. an offer from a peer that already has a connection is applied to that connection
//      (the design makes a new RTCPeerConnection for every offer, whose answer carries new
//      DTLS keys that the restarting side cannot take);
//   3. iceServers come from the query (the design's Google STUN is not reachable here).
class SignalingChannel {
  constructor(serverUrl) {
    this.ws = new WebSocket(serverUrl);
    this.handlers = new Map();
    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      const handler = this.handlers.get(message.type);
      if (handler) handler(message);
    };
  }
  on(type, handler) {
    this.handlers.set(type, handler);
  }
  send(message) {
    this.ws.send(JSON.stringify(message));
  }
  join(room, peerId) {
    this.send({ type: 'join', room, peerId });
  }
}

const MAX_RECONNECT_ATTEMPTS = 3;

class RobustVideoChat {
  constructor(roomId, userId, serverUrl, iceServers) {
    this.roomId = roomId;
    this.userId = userId;
    this.iceServers = iceServers;
    this.peers = new Map();
    this.signaling = new SignalingChannel(serverUrl);
    this.setupSignaling();
  }
  setupSignaling() {
    this.signaling.on('peer-joined', async (msg) => {
      const pc = this.createPeerConnection(msg.peerId);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      this.signaling.send({ type: 'offer', target: msg.peerId, sdp: offer });
    });
    this.signaling.on('offer', async (msg) => {
      const pc = this.peers.get(msg.from) ?? this.createPeerConnection(msg.from);  // change 2
      await pc.setRemoteDescription(new RTCSessionDescription(msg.sdp));
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.signaling.send({ type: 'answer', target: msg.from, sdp: answer });
    });
    this.signaling.on('answer', async (msg) => {
      const pc = this.peers.get(msg.from);
      await pc.setRemoteDescription(new RTCSessionDescription(msg.sdp));
    });
    this.signaling.on('ice-candidate', async (msg) => {
      const pc = this.peers.get(msg.from);
      await pc.addIceCandidate(new RTCIceCandidate(msg.candidate));
    });
  }
  createPeerConnection(peerId) {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.peers.set(peerId, pc);
    let reconnectAttempts = 0;
    const handleConnectionFailure = async () => {
      if (reconnectAttempts >= MAX_RECONNECT_ATTEMPTS) {
        window.reference.fatal = 'Connection failed after max retries';
        return;
      }
      reconnectAttempts++;
      window.reference.restarts++;
      const offer = await pc.createOffer({ iceRestart: true });
      await pc.setLocalDescription(offer);
      this.signaling.send({ type: 'offer', target: peerId, sdp: offer, iceRestart: true });  // change 1
    };
    pc.oniceconnectionstatechange = () => {
      const state = pc.iceConnectionState;
      window.reference.states.push([Math.round(performance.now()), state]);
      if (state === 'failed') {
        handleConnectionFailure();
      } else if (state === 'disconnected') {
        setTimeout(() => {
          if (pc.iceConnectionState === 'disconnected') handleConnectionFailure();
        }, 5000);
      } else if (state === 'connected') {
        reconnectAttempts = 0;
      }
    };
    pc.onicecandidate = (e) => {
      if (e.candidate) {
        this.signaling.send({ type: 'ice-candidate', target: peerId, candidate: e.candidate });
      }
    };
    pc.ontrack = (e) => {
      this.onRemoteStream?.(peerId, e.streams[0]);
    };
    if (this.localStream) {
      this.localStream.getTracks().forEach((track) => {
        pc.addTrack(track, this.localStream);
      });
    }
    return pc;
  }
  async start() {
    this.localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    this.onLocalStream?.(this.localStream);
    this.signaling.join(this.roomId, this.userId);
  }
}

const params = new URLSearchParams(location.search);
window.reference = { restarts: 0, states: [], fatal: null };
const chat = new RobustVideoChat(params.get('room'), params.get('peerId'), params.get('server'),
  JSON.parse(params.get('ice') ?? '[]'));
window.reference.chat = chat;
chat.onLocalStream = (stream) => { document.getElementById('local').srcObject = stream; };
chat.onRemoteStream = (peerId, stream) => {
  let video = document.getElementById(`remote-${peerId}`);
  if (!video) {
    video = document.createElement('video');
    video.id = `remote-${peerId}`;
    video.autoplay = true;
    video.playsInline = true;
    document.getElementById('remotes').append(video);
  }
  video.srcObject = stream;
};
chat.signaling.ws.onopen = () => chat.start();
