// The script of embed.html, kept in a file of its own: parley-server's
// Content-Security-Policy allows no inline script.
const params = new URLSearchParams(location.search);
const form = document.getElementById('join');
const videos = document.getElementById('videos');
const log = (text, cls) => {
  const line = document.createElement('div');
  line.textContent = text;
  if (cls) line.className = cls;
  document.getElementById('log').append(line);
};
// Tests and curious developers can reach the client and what happened.
window.embed = { client: null, events: [] };

function tile(id, label, stream, muted) {
  let figure = document.getElementById(`tile-${id}`);
  if (!figure) {
    figure = document.createElement('figure');
    figure.id = `tile-${id}`;
    figure.innerHTML = '<video autoplay playsinline></video><figcaption></figcaption>';
    videos.append(figure);
  }
  const video = figure.querySelector('video');
  video.muted = muted;
  if (video.srcObject !== stream) video.srcObject = stream;
  figure.querySelector('figcaption').textContent = label;
}

function mediaOption(value) {
  if (value === '0') return false;
  const size = /^(\d+)x(\d+)$/.exec(value ?? '');
  return size ? { width: Number(size[1]), height: Number(size[2]) } : true;
}

async function start(room, name) {
  const client = await Parley.create({
    audio: params.get('audio') !== '0',
    video: mediaOption(params.get('video')),
  });
  window.embed.client = client;
  for (const event of ['joined', 'peer-joined', 'peer-left', 'connection-state', 'track', 'local-tracks', 'peer-media',
                       'active-speaker', 'connection-quality', 'devices', 'chat', 'error']) {
    client.on(event, (detail) => window.embed.events.push({ event, detail }));
  }
  client.on('local-tracks', ({ stream }) => tile('self', 'you', stream, true));
  client.on('track', ({ peerId, stream }) => tile(peerId, peerId, stream, false));
  client.on('peer-left', ({ peerId }) => document.getElementById(`tile-${peerId}`)?.remove());
  client.on('error', ({ code, message }) => log(`${code}: ${message}`, 'error'));
  client.on('chat', ({ name, from, text, own }) => log(`${own ? 'you' : name || from}: ${text}`));
  document.getElementById('chat').onsubmit = (event) => {
    event.preventDefault();
    const input = event.target.text;
    try {
      client.sendChat(input.value);
      input.value = '';
    } catch (error) {
      log(`not sent: ${error.message}`, 'error');
    }
  };
  client.on('connection-state', ({ peerId, state }) => log(`${peerId ?? 'signaling'}: ${state}`));
  document.getElementById('mic').onclick = () => client.setMicrophone(!client.microphoneOn);
  document.getElementById('cam').onclick = () => client.setCamera(!client.cameraOn);
  document.getElementById('screen').onclick = () =>
    client.sharingScreen ? client.stopScreenShare() : client.startScreenShare();
  document.getElementById('leave').onclick = () => client.leave();
  try {
    const joined = await client.join(room, name);
    log(`joined ${joined.room} as ${joined.peerId}`);
  } catch (error) {
    log(`could not join: ${error.message}`, 'error');
  }
}

form.onsubmit = (event) => {
  event.preventDefault();
  start(form.room.value, form.name.value);
};
if (params.get('room')) {
  form.room.value = params.get('room');
  form.name.value = params.get('name') ?? '';
  start(form.room.value, form.name.value);
}
