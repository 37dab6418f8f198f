// Glue for bindings/browser_files.cpp (linked with --pre-js): received files assembled as
// Blobs outside the wasm heap, and SHA-256 by WebCrypto.
//
// A sink keeps ArrayBuffer parts and folds them into a Blob every 8 MiB, so a large file
// is held by the browser's blob storage (which may page it to disk), not by JS arrays,
// and the last Blob, made when the file is complete, is small (folding every 64 MiB left
// up to 100 ms of copying between "all verified" and "done" for a 32 MiB file).
Module['parleySinks'] = Module['parleySinks'] || {};
Module['parleyReceived'] = Module['parleyReceived'] || {};
Module['sinkOpen'] = function (key) {
  Module['parleySinks'][key] = { blobs: [], parts: [], pending: 0 };
};
Module['sinkAppend'] = function (key, part) {
  var sink = Module['parleySinks'][key];
  if (!sink) return;
  sink.parts.push(part);
  sink.pending += part.byteLength;
  if (sink.pending >= 8 * 1024 * 1024) {
    sink.blobs.push(new Blob(sink.parts));
    sink.parts = [];
    sink.pending = 0;
  }
};
Module['sinkFinish'] = function (key, name, mime) {
  var sink = Module['parleySinks'][key];
  if (!sink) return;
  delete Module['parleySinks'][key];
  var blob = new Blob(sink.blobs.concat(sink.parts), { type: mime || 'application/octet-stream' });
  Module['parleyReceived'][key] = { blob: blob, name: name, url: URL.createObjectURL(blob) };
};
Module['sinkDiscard'] = function (key) {
  delete Module['parleySinks'][key];
};
// The file is no longer offered: its object URL stops working and the Blob can go
// (pages that kept the Blob itself keep it).
Module['sinkRelease'] = function (key) {
  var received = Module['parleyReceived'][key];
  if (!received) return;
  URL.revokeObjectURL(received.url);
  delete Module['parleyReceived'][key];
};
// SHA-256 of a Uint8Array: a promise of its 32 bytes as a Uint8Array. A page that is not
// a secure context (plain http on a non-local address) has no crypto.subtle: say so.
Module['sha256'] = function (bytes) {
  if (!globalThis.crypto || !crypto.subtle) {
    return Promise.reject(new Error('file transfers need a secure context (https or localhost) for SHA-256'));
  }
  return crypto.subtle.digest('SHA-256', bytes).then(function (digest) { return new Uint8Array(digest); });
};
// Parts (Uint8Arrays) as one Uint8Array, to hash at once: WebCrypto hashes one buffer, not
// a stream. The result is a view of a scratch buffer the next call overwrites, which is
// safe for digest(), since it copies its input before it returns. (A fresh buffer per
// chunk was the receiver's second largest main-thread cost: JS_PROFILE=1 in
// tools/bench/file-transfer.) Chunks over 4 MiB get a buffer of their own.
Module['joinScratch'] = new Uint8Array(0);
Module['joinParts'] = function (parts) {
  if (parts.length === 1) return parts[0];
  var size = 0;
  for (var i = 0; i < parts.length; i++) size += parts[i].byteLength;
  var joined = Module['joinScratch'];
  if (joined.length < size) {
    joined = new Uint8Array(size);
    if (size <= 4 * 1024 * 1024) Module['joinScratch'] = joined;
  }
  for (var j = 0, at = 0; j < parts.length; at += parts[j].byteLength, j++) joined.set(parts[j], at);
  return joined.subarray(0, size);
};
Module['readSlice'] = function (file, start, end) {
  return file.slice(start, end).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
};
// The browser's file picker; `picked(file)` once the person chose one.
Module['pickFile'] = function (picked) {
  var input = document.createElement('input');
  input.type = 'file';
  input.onchange = function () { if (input.files.length > 0) picked(input.files[0]); };
  input.click();
};
Module['saveReceived'] = function (key) {
  var file = Module['parleyReceived'][key];
  if (!file) return;
  var link = document.createElement('a');
  link.href = file.url;
  link.download = file.name;
  document.body.appendChild(link);
  link.click();
  link.remove();
};
