// The script of plain-transfer.html, kept in a file of its own: parley-server's
// Content-Security-Policy allows no inline script.
const query = new URLSearchParams(location.search);
window.transfer = { ready: false, startedAt: null, doneAt: null, bytes: 0, errors: [] };
window.addEventListener('error', (event) => window.transfer.errors.push(String(event.message)));

const ws = new WebSocket(query.get('server'));
const send = (message) => ws.send(JSON.stringify(message));
let pc = null;
let channel = null;

function makePc(target) {
  pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = (e) => e.candidate && send({ type: 'ice-candidate', target, candidate: e.candidate });
  pc.ondatachannel = (e) => receive(e.channel);
  return pc;
}

// mode=verified: SHA-256 (WebCrypto) of every MiB on both sides, as Parley verifies its
// chunks, and the file counts as received once every MiB is hashed. No digest is compared:
// this measures what hashing costs the fastest sender, nothing else.
const verified = query.get('mode') === 'verified';
const MIB = 1024 * 1024;

function receive(ch) {
  ch.binaryType = 'arraybuffer';
  const parts = [];
  const digests = [];
  let unhashed = [];
  let unhashedBytes = 0;
  const hashUnhashed = () => {
    const block = new Uint8Array(unhashedBytes);
    let at = 0;
    for (const part of unhashed) { block.set(new Uint8Array(part), at); at += part.byteLength; }
    digests.push(crypto.subtle.digest('SHA-256', block));
    unhashed = [];
    unhashedBytes = 0;
  };
  ch.onmessage = async (event) => {
    if (typeof event.data === 'string') {
      const message = JSON.parse(event.data);
      if (message.type === 'file-end') {
        if (verified && unhashedBytes > 0) hashUnhashed();
        await Promise.all(digests);
        window.transfer.blob = new Blob(parts);
        window.transfer.bytes = window.transfer.blob.size;
        window.transfer.doneAt = Date.now();
      }
      return;
    }
    parts.push(event.data);
    if (!verified) return;
    unhashed.push(event.data);
    unhashedBytes += event.data.byteLength;
    if (unhashedBytes >= MIB) hashUnhashed();
  };
  window.transfer.ready = true;
}

// The reference design's sendFile, as printed.
function referenceSend(file, dataChannel) {
  const chunkSize = 16384;
  const fileReader = new FileReader();
  let offset = 0;
  dataChannel.send(JSON.stringify({ type: 'file-start', name: file.name, size: file.size }));
  fileReader.onload = (e) => {
    dataChannel.send(e.target.result);
    offset += e.target.result.byteLength;
    if (offset < file.size) {
      readSlice(offset);
    } else {
      dataChannel.send(JSON.stringify({ type: 'file-end' }));
    }
  };
  const readSlice = (o) => {
    const slice = file.slice(o, o + chunkSize);
    fileReader.readAsArrayBuffer(slice);
  };
  readSlice(0);
}

// Settings from a sweep on this machine (tools/bench/README.md): messages of 64 KiB, a
// send queue of at most two of them, the file read a MiB at a time, one read ahead.
async function bestSend(file, ch) {
  const chunkSize = 64 * 1024;
  const readSize = 1024 * 1024;
  const highWater = 128 * 1024;
  ch.bufferedAmountLowThreshold = 64 * 1024;
  ch.send(JSON.stringify({ type: 'file-start', name: file.name, size: file.size }));
  let next = file.slice(0, readSize).arrayBuffer();
  for (let offset = 0; offset < file.size; offset += readSize) {
    const block = new Uint8Array(await next);
    next = file.slice(offset + readSize, offset + 2 * readSize).arrayBuffer();
    if (verified) await crypto.subtle.digest('SHA-256', block);
    for (let at = 0; at < block.length; at += chunkSize) {
      if (ch.bufferedAmount > highWater) {
        await new Promise((resolve) => ch.addEventListener('bufferedamountlow', resolve, { once: true }));
      }
      ch.send(block.subarray(at, at + chunkSize));
    }
  }
  ch.send(JSON.stringify({ type: 'file-end' }));
}

window.startSending = (size) => {
  const parts = [];
  for (let done = 0; done < size; done += 65536) {
    const part = new Uint8Array(Math.min(65536, size - done));
    crypto.getRandomValues(part);
    parts.push(part);
  }
  const file = new File(parts, 'bench.bin');
  window.transfer.startedAt = Date.now();
  if (query.get('mode') === 'reference') referenceSend(file, channel);
  else bestSend(file, channel).catch((error) => window.transfer.errors.push(String(error)));
};

// Chromium offers loopback ICE candidates only to pages that hold media permission (the
// benchmark's network is loopback only), so the page asks once and stops the track.
ws.onopen = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  stream.getTracks().forEach((track) => track.stop());
  send({ type: 'join', room: query.get('room'), peerId: query.get('peerId') });
};
ws.onmessage = async (event) => {
  const message = JSON.parse(event.data);
  if (message.type === 'welcome') window.transfer.joined = true;
  if (message.type === 'peer-joined' && query.get('role') === 'send') {
    makePc(message.peerId);
    channel = pc.createDataChannel('files', { ordered: true });
    channel.onopen = () => { window.transfer.ready = true; };
    await pc.setLocalDescription(await pc.createOffer());
    send({ type: 'offer', target: message.peerId, sdp: pc.localDescription });
  }
  if (message.type === 'offer') {
    makePc(message.from);
    await pc.setRemoteDescription(message.sdp);
    await pc.setLocalDescription(await pc.createAnswer());
    send({ type: 'answer', target: message.from, sdp: pc.localDescription });
  }
  if (message.type === 'answer') await pc.setRemoteDescription(message.sdp);
  if (message.type === 'ice-candidate' && pc) await pc.addIceCandidate(message.candidate);
};
