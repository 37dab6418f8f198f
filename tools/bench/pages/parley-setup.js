// The script of parley-setup.html, kept in a file of its own: parley-server's
// Content-Security-Policy allows no inline script.
const now = () => performance.timeOrigin + performance.now();
window.bench = { joinCalledAt: null, firstFrameAt: null, sendingVideo: false };
window.prepare = async () => {
  window.client = await Parley.create({ video: { width: 640, height: 480 } });
  client.on('local-tracks', ({ video, stream }) => {
    bench.sendingVideo = video !== null;
    document.getElementById('local').srcObject = stream;
  });
  window.benchEvents = [];  // for diagnosing a call that does not complete
  for (const event of ['joined', 'peer-joined', 'peer-left', 'connection-state', 'track', 'error']) {
    client.on(event, (detail) => benchEvents.push([event, JSON.stringify(detail, (k, v) => (v instanceof MediaStream ? 'stream' : v)), Math.round(performance.now())]));
  }
  client.on('track', ({ kind, stream }) => {
    if (kind !== 'video') return;
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.srcObject = stream;
    document.body.append(video);
    video.requestVideoFrameCallback(() => { bench.firstFrameAt ??= now(); });
  });
};
window.join = (room) => {
  bench.joinCalledAt = now();
  return client.join(room);
};
