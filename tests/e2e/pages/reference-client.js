// The script of reference-client.html, kept in a file of its own: parley-server's
// Content-Security-Policy allows no inline script.
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

class VideoChat {
  constructor(roomId, userId, serverUrl) {
    this.roomId = roomId;
    this.userId = userId;
    this.peers = new Map();
    this.signaling = new SignalingChannel(serverUrl);
    this.setupSignaling();
  }
  setupSignaling() {
    this.signaling.on('peer-joined', async (msg) => {
      // New peer joined - create offer
      const pc = this.createPeerConnection(msg.peerId);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      this.signaling.send({ type: 'offer', target: msg.peerId, sdp: offer });
    });
    this.signaling.on('offer', async (msg) => {
      const pc = this.createPeerConnection(msg.from);
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
    const pc = new RTCPeerConnection({
      iceServers: []  // the reference uses stun:stun.l.google.com:19302; tests stay on loopback
    });
    this.peers.set(peerId, pc);
    pc.onicecandidate = (e) => {
      if (e.candidate) {
        this.signaling.send({ type: 'ice-candidate', target: peerId, candidate: e.candidate });
      }
    };
    pc.ontrack = (e) => {
      this.onRemoteStream?.(peerId, e.streams[0]);
    };
    // Add local tracks
    if (this.localStream) {
      this.localStream.getTracks().forEach(track => {
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
window.reference = { remoteStreams: {}, chat: null };
const chat = new VideoChat(params.get('room'), params.get('peerId'), params.get('server'));
window.reference.chat = chat;
chat.onLocalStream = (stream) => { document.getElementById('local').srcObject = stream; };
chat.onRemoteStream = (peerId, stream) => {
  window.reference.remoteStreams[peerId] = stream;
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
if (params.get('manual') !== '1') chat.signaling.ws.onopen = () => chat.start();
