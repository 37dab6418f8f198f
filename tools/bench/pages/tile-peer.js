// The script of tile-peer.html, kept in a file of its own: parley-server's
// Content-Security-Policy allows no inline script.
(async () => {
  const query = new URLSearchParams(location.search);
  window.peer = { joined: false, connected: false, error: null };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    const ws = new WebSocket(query.get('server'));
    let pc = null;
    const send = (message) => ws.send(JSON.stringify(message));
    ws.onopen = () => send({ type: 'join', room: query.get('room'), peerId: query.get('peerId'), name: query.get('peerId') });
    ws.onmessage = async (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'welcome') window.peer.joined = true;
      if (message.type === 'peer-joined' && message.name === query.get('offerTo') && !pc) {
        const target = message.peerId;
        pc = new RTCPeerConnection({ iceServers: [] });
        stream.getTracks().forEach((track) => pc.addTrack(track, stream));
        pc.onicecandidate = (e) => send({ type: 'ice-candidate', target, candidate: e.candidate });
        pc.onconnectionstatechange = () => { window.peer.connected = pc.connectionState === 'connected'; };
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        send({ type: 'offer', target, sdp: pc.localDescription });
      }
      if (message.type === 'answer' && pc) await pc.setRemoteDescription(message.sdp);
      if (message.type === 'ice-candidate' && pc && message.candidate) await pc.addIceCandidate(message.candidate);
    };
  } catch (error) {
    window.peer.error = String(error);
  }
})();
