// A site that installs Parley as a package and calls it from TypeScript:
//
//   npm install ./parley-client-0.1.0.tgz      (npm pack, in the built web root)
//   tsc --strict typed-embed.ts
//
// e2e.package builds this against the packed package, so the types stay true to the API.
import { create, ParleyError, type ParleyClient, type ParleyEvents } from 'parley-client';

function videoFor(peerId: string): HTMLVideoElement {
  const id = `video-${peerId}`;
  const existing = document.getElementById(id);
  if (existing instanceof HTMLVideoElement) return existing;
  const video = Object.assign(document.createElement('video'), { id, autoplay: true, playsInline: true });
  document.body.append(video);
  return video;
}

export async function startCall(room: string, name: string): Promise<ParleyClient> {
  const client = await create({ video: { width: 640, height: 360 } });
  client.on('track', ({ peerId, stream }) => { videoFor(peerId).srcObject = stream; });
  client.on('peer-left', ({ peerId }) => document.getElementById(`video-${peerId}`)?.remove());
  client.on('active-speaker', ({ peerId, self }: ParleyEvents['active-speaker']) => {
    document.body.dataset.speaker = self ? 'you' : peerId ?? '';
  });
  client.on('connection-quality', ({ peerId, quality }) => {
    videoFor(peerId).dataset.quality = quality;
  });
  try {
    const joined = await client.join(room, name, { timeoutMs: 15_000 });
    console.log(`in ${joined.room} as ${joined.peerId}`);
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'room-full') console.warn('the room is full');
    else throw error;
  }
  return client;
}
