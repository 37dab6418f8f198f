// Glue for bindings/browser_data_channel.cpp (linked with --pre-js). Browser calls that
// throw (a full send queue, a closed channel, an id in use) answer with the exception
// instead: a JS exception must not unwind through C++ frames.
Module['tryCreateDataChannel'] = function (pc, label, id) {
  try {
    var channel = pc.createDataChannel(label, { negotiated: true, id: id, ordered: true });
    channel.binaryType = 'arraybuffer';
    return { channel: channel };
  } catch (error) {
    return { error: error };
  }
};
Module['trySend'] = function (channel, data) {
  try { channel.send(data); return null; } catch (error) { return error; }
};
// One binary message: `head` (a view into the wasm heap, copied now) then `body`, joined
// in one scratch buffer that every message reuses: send() copies the bytes it is given
// before it returns. A fresh buffer per 64 KiB file part made allocating and first
// touching memory the sender's largest main-thread cost (tools/bench/file-transfer
// JS_PROFILE=1). Messages larger than the scratch's bound get a buffer of their own.
Module['sendScratch'] = new Uint8Array(0);
Module['trySendJoined'] = function (channel, head, body) {
  var size = head.length + body.byteLength;
  var message = Module['sendScratch'];
  if (message.length < size) {
    message = new Uint8Array(size);
    if (size <= 1024 * 1024) Module['sendScratch'] = message;
  }
  message.set(head, 0);
  message.set(body, head.length);
  return Module['trySend'](channel, message.subarray(0, size));
};
