// The reference design's minimal Node signaling server (../shared/reference/
// webrtc-reference-design.txt, "Signaling Implementation"), as printed there except that
// the port comes from PORT and it says when it listens. tools/bench/signaling measures it
// beside parley-server as the baseline.
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: Number(process.env.PORT) });
wss.on('listening', () => console.log(`reference server listening on ${wss.address().port}`));
const rooms = new Map();
wss.on('connection', (ws) => {
  let currentRoom = null;
  let peerId = null;
  ws.on('message', (data) => {
    const message = JSON.parse(data);
    switch (message.type) {
      case 'join':
        peerId = message.peerId;
        currentRoom = message.room;
        if (!rooms.has(currentRoom)) {
          rooms.set(currentRoom, new Map());
        }
        rooms.get(currentRoom).set(peerId, ws);
        // Notify others in room
        broadcastToRoom(currentRoom, peerId, { type: 'peer-joined', peerId: peerId });
        break;
      case 'offer':
      case 'answer':
      case 'ice-candidate': {
        // Forward to specific peer
        const targetPeer = rooms.get(currentRoom)?.get(message.target);
        if (targetPeer) {
          targetPeer.send(JSON.stringify({ ...message, from: peerId }));
        }
        break;
      }
    }
  });
  ws.on('close', () => {
    if (currentRoom && peerId) {
      rooms.get(currentRoom)?.delete(peerId);
      broadcastToRoom(currentRoom, peerId, { type: 'peer-left', peerId: peerId });
    }
  });
});
function broadcastToRoom(room, excludePeerId, message) {
  const peers = rooms.get(room);
  if (!peers) return;
  peers.forEach((ws, id) => {
    if (id !== excludePeerId) {
      ws.send(JSON.stringify(message));
    }
  });
}
