// Parley's JavaScript API: video calls in any page, with the call logic in WebAssembly.
//
//   <script src="/parley.js"></script>
//   const client = await Parley.create({ signalingUrl: 'wss://calls.example.org/' });
//   client.on('track', ({ peerId, kind, stream }) => { video.srcObject = stream; });
//   await client.join('team-sync', 'Ada');
//   client.setMicrophone(false);
//   client.leave();
//
// Types and every event are documented in parley.d.ts. The module (parley-client.js and
// .wasm) is loaded from beside this script unless options.moduleUrl says otherwise.
(function (global) {
  'use strict';

  const scriptUrl = document.currentScript ? document.currentScript.src : global.location.href;
  const EVENTS = ['joined', 'peer-joined', 'peer-left', 'connection-state', 'track', 'local-tracks', 'peer-media',
                  'active-speaker', 'connection-quality', 'devices', 'chat', 'file', 'error', 'left'];
  const modules = new Map();  // module URL -> Promise<Module>
  // create() waits this long at most for the rehearsal; it goes on until join() if longer.
  const REHEARSAL_WAIT_MS = 1000;

  function loadModule(moduleUrl) {
    if (!modules.has(moduleUrl)) {
      modules.set(moduleUrl, new Promise((resolve, reject) => {
        const start = () => global.createParleyModule({
          locateFile: (file) => new URL(file, moduleUrl).href,
        }).then(resolve, reject);
        if (typeof global.createParleyModule === 'function') return start();
        const script = document.createElement('script');
        script.src = moduleUrl;
        script.onload = start;
        script.onerror = () => reject(new Error(`Parley: could not load ${moduleUrl}`));
        document.head.appendChild(script);
      }));
    }
    return modules.get(moduleUrl);
  }

  function defaultSignalingUrl() {
    const secure = global.location.protocol === 'https:';
    return `${secure ? 'wss' : 'ws'}://${global.location.host}/`;
  }

  class ParleyError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'ParleyError';
      this.code = code;
    }
  }

  function abortedError(signal) {
    const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
    return new ParleyError('aborted', `the join was aborted${reason}`);
  }

  class ParleyClient {
    constructor(native, module) {
      this._handle = native;
      this._isRoomId = (room) => typeof room === 'string' && module.isValidRoomId(room);
      this._handlers = new Map(EVENTS.map((name) => [name, new Set()]));
      this._joining = null;  // {resolve, reject} while join() waits
      this._inCall = false;  // joined, or joining, and not yet 'left'
      native.setEventHandler((name, detail) => this._emit(name, detail));
    }

    // The wasm object; after destroy() every method throws 'destroyed'.
    get _native() {
      if (!this._handle) throw new ParleyError('destroyed', 'this client was destroyed');
      return this._handle;
    }

    /** Subscribes to an event; returns a function that unsubscribes. */
    on(event, handler) {
      const handlers = this._handlers.get(event);
      if (!handlers) throw new TypeError(`Parley: unknown event "${event}" (known: ${EVENTS.join(', ')})`);
      handlers.add(handler);
      return () => handlers.delete(handler);
    }

    off(event, handler) {
      this._handlers.get(event)?.delete(handler);
    }

    /**
     * Joins a room; resolves once the server confirms. Always settles: rejects with a
     * ParleyError on a fatal refusal, when leave() or the abort signal ends it first, at
     * options.timeoutMs, and at once while another call is joining or joined.
     */
    join(room, name = '', options = {}) {
      if (!this._handle) return Promise.reject(new ParleyError('destroyed', 'this client was destroyed'));
      if (!this._isRoomId(room)) {
        return Promise.reject(new ParleyError('bad-room', 'a room is 1-64 characters of A-Z a-z 0-9 - _'));
      }
      if (this._joining) {
        return Promise.reject(new ParleyError('join-in-progress', 'this client is already joining a room; leave() first'));
      }
      if (this._inCall) {
        return Promise.reject(new ParleyError('already-joined', 'this client is in a call; leave() before joining another'));
      }
      const { signal, timeoutMs, token, stream } = options;
      if (stream !== undefined && !(stream instanceof MediaStream)) {
        return Promise.reject(new TypeError('Parley: options.stream must be a MediaStream'));
      }
      if (signal?.aborted) return Promise.reject(abortedError(signal));
      return new Promise((resolve, reject) => {
        let timer = null;
        const onAbort = () => this._abandonJoin(abortedError(signal));
        const settled = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        this._joining = {
          resolve: (detail) => { settled(); resolve(detail); },
          reject: (error) => { settled(); reject(error); },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (timeoutMs !== undefined) {
          timer = setTimeout(() => this._abandonJoin(new ParleyError(
            'timeout', `not in the room after ${timeoutMs} ms; the call was left`)), timeoutMs);
        }
        this._inCall = true;
        if (!this._native.join({ room, name: String(name), token, stream })) {
          this._inCall = false;
          this._joining = null;
          settled();
          reject(new ParleyError('already-joined', 'this client is in a call; leave() before joining another'));
        }
      });
    }

    /**
     * Ends the call: connections close, the camera and microphone stop, 'left' is
     * emitted (reason 'left'), and a join() still waiting rejects with code 'left'.
     * Resolves once all that is done; without a call, at once.
     */
    leave() {
      if (this._handle && this._inCall) this._native.leave();
      return Promise.resolve();
    }

    /**
     * Leaves any call and frees everything this client holds (the WebAssembly object, its
     * connections and tracks). The client cannot be used afterwards.
     */
    destroy() {
      if (!this._handle) return Promise.resolve();
      if (this._inCall) this._handle.leave();
      this._handle.delete();
      this._handle = null;
      for (const handlers of this._handlers.values()) handlers.clear();
      return Promise.resolve();
    }

    // A join that waited too long or was aborted: it rejects, and the call is left.
    _abandonJoin(error) {
      const joining = this._joining;
      if (!joining) return;
      this._joining = null;
      joining.reject(error);
      this._native.leave();
    }

    setMicrophone(on) { this._native.setMicrophone(Boolean(on)); }
    setCamera(on) { this._native.setCamera(Boolean(on)); }
    selectDevices(selection = {}) { this._native.selectDevices(selection); }
    startScreenShare() { this._native.startScreenShare(); }
    stopScreenShare() { this._native.stopScreenShare(); }

    /**
     * Sends a chat message to everyone in the call (peer-to-peer, over data channels);
     * returns it as the 'chat' event reports it. Throws ParleyError when it cannot be sent
     * (empty, longer than 4000 bytes, not joined).
     */
    sendChat(text) {
      const result = this._native.sendChat(String(text));
      if (!result.ok) throw new ParleyError(result.code, result.message);
      return result.message;
    }

    /** Whether the peer's chat channel is connected (false for clients without one). */
    chatReady(peerId) { return this._native.chatReady(String(peerId)); }

    /**
     * Offers a File or Blob to one peer, peer-to-peer; returns the transfer's key. Its
     * progress comes as 'file' events. Throws ParleyError if it cannot be offered.
     */
    sendFile(peerId, file) {
      const result = this._native.sendFile(String(peerId), file);
      if (!result.ok) throw new ParleyError(result.code, result.message);
      return result.key;
    }
    acceptFile(key) { this._native.acceptFile(String(key)); }
    declineFile(key) { this._native.declineFile(String(key)); }
    cancelFile(key) { this._native.cancelFile(String(key)); }
    /**
     * Forgets a transfer that has ended; a received file's object URL stops working and its
     * Blob is released (keep the Blob yourself if you still need it). False if unknown or
     * not ended.
     */
    dismissFile(key) { return this._native.dismissFile(String(key)); }
    /** Every transfer of this call, both ways, as the 'file' event describes them. */
    get transfers() { return this._native.transfers(); }

    /** The WebAssembly heap's size in bytes (diagnostics: file data never enters it). */
    get wasmHeapBytes() { return this._native.heapBytes(); }

    /** Test hook: closes the peer's data channels as a cut path would; they reopen. */
    _cutDataChannels(peerId) { this._native.cutDataChannels(String(peerId)); }

    /** Per peer: the latest figures (sampled once a second) and the last minute of them. */
    getStats() { return Promise.resolve(this._native.getStats()); }

    /** Resolves with {peerId: RTCStats[]}, the browser's own reports. */
    getRawStats() { return new Promise((resolve) => this._native.getRawStats(resolve)); }

    get peerId() { return this._native.peerId() || null; }
    get peers() { return this._native.peers(); }
    get localStream() { return this._native.localStream(); }
    get microphoneOn() { return this._native.microphoneOn(); }
    get cameraOn() { return this._native.cameraOn(); }
    get sharingScreen() { return this._native.sharingScreen(); }
    remoteStream(peerId) { return this._native.remoteStream(peerId); }

    _emit(name, detail) {
      const joining = this._joining;
      if (name === 'joined' && joining) {
        this._joining = null;
        joining.resolve(detail);
      }
      if (name === 'error' && detail.fatal && joining) {
        this._joining = null;
        joining.reject(new ParleyError(detail.code, detail.message));
      }
      if (name === 'left') {
        this._inCall = false;
        if (this._joining) {
          const waiting = this._joining;
          this._joining = null;
          waiting.reject(new ParleyError('left', 'leave() was called before the join completed'));
        }
      }
      for (const handler of this._handlers.get(name) ?? []) {
        try {
          handler(detail);
        } catch (error) {
          // A broken handler must not break the call or the other handlers.
          setTimeout(() => { throw error; });
        }
      }
    }
  }

  async function create(options = {}) {
    const moduleUrl = new URL(options.moduleUrl ?? 'parley-client.js', scriptUrl).href;
    const module = await loadModule(moduleUrl);
    const native = new module.ParleyClient({
      signalingUrl: options.signalingUrl ?? defaultSignalingUrl(),
      iceServers: options.iceServers,
      audio: options.audio ?? true,
      video: options.video ?? true,
    });
    const client = new ParleyClient(native, module);
    // A call between two clients inside this page, before anyone waits on one, so the
    // first real call runs code the browser has already compiled (parley.d.ts).
    if (options.rehearse ?? true) {
      await Promise.race([new Promise((resolve) => { native.rehearse(resolve); }),
                          new Promise((resolve) => { setTimeout(resolve, REHEARSAL_WAIT_MS); })]);
    }
    return client;
  }

  global.Parley = Object.freeze({ create, ParleyError, version: '0.1.0' });
})(window);
