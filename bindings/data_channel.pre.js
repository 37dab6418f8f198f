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
// One binary message: `head` (a view into the wasm heap, copied now) then `body`.
Module['trySendJoined'] = function (channel, head, body) {
  var message = new Uint8Array(head.length + body.byteLength);
  message.set(head, 0);
  message.set(body, head.length);
  return Module['trySend'](channel, message);
};
