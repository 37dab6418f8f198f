// TypeScript declarations for Parley's JavaScript API (web/parley.js).
//
//   const client = await Parley.create({ signalingUrl: 'wss://calls.example.org/' });
//   client.on('track', ({ peerId, stream }) => attach(peerId, stream));
//   await client.join('team-sync', 'Ada');

export interface ParleyIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface ParleyOptions {
  /** The signaling WebSocket; default: ws(s):// of the page's own host. */
  signalingUrl?: string;
  /**
   * Overrides the STUN/TURN list the server hands out in its welcome, for the whole call:
   * the server renews its own TURN credentials during a call, never these.
   */
  iceServers?: ParleyIceServer[];
  /** Ask for a microphone (default true). Without one, the client joins receive-only. */
  audio?: boolean;
  /**
   * Ask for a camera (default true), optionally at an ideal capture size (default
   * 1280x720). Without a camera the client joins audio-only.
   */
  video?: boolean | { width: number; height: number };
  /** Where parley-client.js lives; default: beside parley.js. */
  moduleUrl?: string;
  /**
   * Rehearse a call before create() resolves (default true): two clients inside this page
   * join an in-memory room and connect to each other - no media, no server, no traffic off
   * this machine - so that the first real call runs code the browser has already compiled. create()
   * waits for it up to a second; if it takes longer it finishes in the background, and
   * join() ends it.
   */
  rehearse?: boolean;
}

export interface JoinOptions {
  /** A join token, for servers run with --auth-secret (see tools/mint-token). */
  token?: string;
  /**
   * Gives up on the join: join() rejects with code 'aborted' and the call is left. An
   * unreachable server is otherwise retried for as long as the call lasts.
   */
  signal?: AbortSignal;
  /** Gives up after this long without a welcome: join() rejects with code 'timeout'. */
  timeoutMs?: number;
  /**
   * Sends your own media instead of capturing a camera and microphone: the call sends
   * clones of the stream's first live audio and video tracks (per create()'s audio/video
   * options) and stops the clones when it ends; your tracks keep running.
   */
  stream?: MediaStream;
}

/** Why a call ended: 'left' after leave(), otherwise the fatal error's code. */
export type LeftReason = 'left' | 'unauthorized' | 'room-full' | 'id-taken' | 'bad-message';

/**
 * Every code an error event or a ParleyError carries. Codes from a newer server may
 * appear too, so handle the unknown case.
 */
export type ParleyErrorCode =
  // The call as a whole (join() rejects with these; fatal in the error event)
  | 'unauthorized' | 'room-full' | 'id-taken' | 'bad-message'
  // join(), leave() and destroy()
  | 'bad-room' | 'join-in-progress' | 'already-joined' | 'left' | 'aborted' | 'timeout'
  | 'destroyed'
  // The signaling server refused one message (not fatal)
  | 'bad-json' | 'unknown-type' | 'not-joined' | 'unknown-target' | 'rate-limited'
  | 'too-large' | 'peer-busy' | 'unavailable' | 'signaling-queue-full' | 'not-connected'
  // Camera, microphone and screen
  | 'permission-denied' | 'no-device' | 'no-camera' | 'no-microphone' | 'device-busy'
  | 'camera-ended' | 'screen-share-denied' | 'media-error'
  // One peer ('no-route': no network path to them was found - see the message for why)
  | 'peer-connection' | 'no-route' | 'data-channel'
  // Chat and files
  | 'empty' | 'text-too-long' | 'chat-bad-json' | 'chat-bad-message' | 'chat-too-large'
  | 'chat-text-too-long' | 'chat-spoofed' | 'chat-not-delivered' | 'chat-flood' | 'file-transfer'
  | 'bad-file' | 'file-refused';

export type PeerState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
export type SignalingState = 'idle' | 'connecting' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';

export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'unknown';
/** label is empty until the page has been allowed a camera or microphone. */
export interface MediaDeviceEntry { deviceId: string; label: string }

export interface ParleyEvents {
  /** The server confirmed us in the room (rejoined: after a lost connection). */
  'joined': { room: string; peerId: string; rejoined: boolean };
  'peer-joined': { peerId: string; name: string };
  /** The peer left or its connection could not be kept; its streams are released. */
  'peer-left': { peerId: string };
  /** peerId null: the signaling connection; otherwise that peer's connection. */
  'connection-state': { peerId: string | null; state: PeerState | SignalingState };
  /**
   * A remote track arrived; attach `stream` to your own <video> or <audio>. A peer that
   * sends no audio (or video) - joined without it, or had none - gives no track of that kind.
   */
  'track': { peerId: string; kind: 'audio' | 'video'; trackId: string; stream: MediaStream };
  /** A Parley peer says whether its microphone and camera (or screen) are on; sent on connect and on every change. */
  'peer-media': { peerId: string; microphone: boolean; camera: boolean };
  /**
   * The person speaking changed: the loudest voice above a threshold for 250 ms, held
   * 1.5 s after it goes quiet (peerId null: nobody; self: it is us, peerId is our id).
   */
  'active-speaker': { peerId: string | null; self: boolean };
  /**
   * A connected peer's quality changed, rated from each stats sample (once a second):
   * good = RTT < 150 ms and loss < 1 %, fair = RTT < 400 ms and loss < 5 %, else poor.
   */
  'connection-quality': {
    peerId: string; quality: ConnectionQuality; rttMs: number | null; packetLossPercent: number | null;
  };
  /** A camera, microphone or speaker was plugged in or out (the 'devicechange' event). */
  'devices': { cameras: MediaDeviceEntry[]; microphones: MediaDeviceEntry[]; speakers: MediaDeviceEntry[] };
  /**
   * A chat message: one that arrived (each once, in order per sender) or our own as sent
   * (own: true). id is "<from>:<seq>"; sentAt is the sender's clock, ms since the epoch.
   */
  'chat': ChatMessage;
  /**
   * A file transfer, either way, changed state (or made progress: at most every 250 ms).
   * An incoming one starts 'offered': call acceptFile(key) or declineFile(key). Once
   * 'done', an incoming transfer carries the verified file as `blob` and an object `url`,
   * valid until dismissFile(key). A peer may have 8 offers waiting at most (more are
   * declined), and an accepted transfer that gets less than 16 KiB in 60 s is cancelled.
   */
  'file': FileTransfer;
  /** What this client sends changed (media acquired, camera switched, screen shared). */
  'local-tracks': { audio: string | null; video: string | null; stream: MediaStream };
  /**
   * Something went wrong (ParleyErrorCode lists the codes). fatal: the call cannot go on -
   * join() rejects with it and 'left' follows.
   */
  'error': { code: ParleyErrorCode; message: string; peerId: string | null; fatal: boolean };
  /**
   * The call is over: its connections are closed and the camera and microphone stopped.
   * join() may start a new one on the same client.
   */
  'left': { reason: LeftReason };
}

export type TransferState = 'offered' | 'transferring' | 'waiting' | 'verifying' | 'done' |
  'declined' | 'cancelled' | 'failed';

export interface FileTransfer {
  key: string;
  peerId: string;
  direction: 'incoming' | 'outgoing';
  name: string;
  size: number;
  mime: string;
  /** waiting: the path was cut, resuming when back; verifying: the whole file is checked. */
  state: TransferState;
  /** Verified by the receiver so far. */
  bytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** Why it was cancelled or failed. */
  error: string | null;
  blob?: Blob;
  url?: string;
}

export interface ChatMessage {
  id: string;
  from: string;
  name: string;
  text: string;
  sentAt: number;
  own: boolean;
}

/** One sample of a peer connection's figures (taken once a second). */
export interface PeerFigures {
  seconds: number;            // since the first sample
  inboundKbps: number;
  outboundKbps: number;
  rttMs: number | null;
  packetLossPercent: number | null;  // inbound, over the last second
  jitterMs: number | null;
  fps: number | null;          // inbound video
  width: number | null;        // inbound video frame size
  height: number | null;
  codec: string;               // e.g. "video/VP8"
  /** The local side of the path media takes: host/srflx/prflx (direct) or relay (TURN). */
  candidateType: string;
  /** Its remote side, the same kinds. */
  remoteCandidateType: string;
  /** The media goes through a TURN server, on either side. */
  relayed: boolean;
}

export interface PeerSummary {
  peerId: string;
  name: string;
  state: PeerState;
}

export declare class ParleyError extends Error {
  readonly code: ParleyErrorCode;
}

export interface ParleyClient {
  on<E extends keyof ParleyEvents>(event: E, handler: (detail: ParleyEvents[E]) => void): () => void;
  off<E extends keyof ParleyEvents>(event: E, handler: (detail: ParleyEvents[E]) => void): void;
  /**
   * Resolves when joined. Always settles: rejects with a ParleyError on a fatal refusal
   * (its code), 'left' when leave() comes first, 'aborted' / 'timeout' (options), and at
   * once with 'join-in-progress' or 'already-joined' while this client has a call.
   */
  join(room: string, name?: string, options?: JoinOptions): Promise<ParleyEvents['joined']>;
  /** Ends the call ('left' is emitted first); resolves at once when there is none. */
  leave(): Promise<void>;
  /** Leaves, then frees the client and all it holds; any later call throws 'destroyed'. */
  destroy(): Promise<void>;
  setMicrophone(on: boolean): void;
  setCamera(on: boolean): void;
  /** Device ids from navigator.mediaDevices.enumerateDevices(). */
  selectDevices(selection: { audioInput?: string; videoInput?: string }): void;
  /**
   * Sends a chat message to everyone in the call, peer-to-peer over a reliable, ordered
   * data channel; kept and sent again until each peer acknowledges it. Returns the
   * message; throws ParleyError (code: empty, text-too-long, not-joined) if it cannot.
   */
  sendChat(text: string): ChatMessage;
  /**
   * Offers a File or Blob to one peer over a data channel: chunks sized to the peer's
   * max-message-size, flow-controlled, each SHA-256-checked, the whole verified against
   * the offer's root, resumed from the last verified chunk after a cut. Returns the key.
   */
  sendFile(peerId: string, file: Blob): string;
  acceptFile(key: string): void;
  declineFile(key: string): void;
  /** Either side may cancel; the other gets 'cancelled' with the reason. */
  cancelFile(key: string): void;
  /**
   * Forgets a transfer that has ended. A received file's `url` stops working and its Blob
   * is released (keep the Blob if you still need it); false if unknown or not ended. The
   * latest 50 ended transfers are kept, older ones are forgotten the same way, and
   * destroy() releases them all.
   */
  dismissFile(key: string): boolean;
  readonly transfers: FileTransfer[];
  /** The WebAssembly heap's size in bytes (diagnostics: file data never enters it). */
  readonly wasmHeapBytes: number;
  /** Whether the peer's chat channel is connected (false for clients without one). */
  chatReady(peerId: string): boolean;
  startScreenShare(): void;
  stopScreenShare(): void;
  /** Per peer id: the latest figures and the last minute of them (`history`). */
  getStats(): Promise<Record<string, PeerFigures & { history: PeerFigures[] }>>;
  /** The browser's own RTCStats reports, by peer id. */
  getRawStats(): Promise<Record<string, RTCStats[]>>;
  remoteStream(peerId: string): MediaStream | null;
  readonly peerId: string | null;
  readonly peers: PeerSummary[];
  readonly localStream: MediaStream;
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  readonly sharingScreen: boolean;
}

export interface ParleyApi {
  create(options?: ParleyOptions): Promise<ParleyClient>;
  readonly ParleyError: typeof ParleyError;
  readonly version: string;
}

// As an ES module (parley.mjs; the package's main entry): import { create } from 'parley-client'.
export declare function create(options?: ParleyOptions): Promise<ParleyClient>;
export declare const version: string;
declare const api: ParleyApi;
export default api;

// As a classic script (parley.js): window.Parley.
declare global {
  interface Window {
    Parley: ParleyApi;
  }
  const Parley: ParleyApi;
}
