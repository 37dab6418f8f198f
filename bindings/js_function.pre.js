// Glue for bindings/js_function.cpp (linked with --pre-js): JS functions that call
// C++ bodies registered by id.
Module['makeJsFunction'] = function (id) {
  return function (argument) {
    Module['invokeJsFunction'](id, argument === undefined ? null : argument);
  };
};
Module['thenJsFunction'] = function (promise, id) {
  Promise.resolve(promise).then(
    function (value) { Module['invokeJsFunction'](id, { ok: true, value: value === undefined ? null : value }); },
    function (error) { Module['invokeJsFunction'](id, { ok: false, error: error }); });
};
Module['laterJsFunction'] = function (id) {
  setTimeout(function () { Module['invokeJsFunction'](id, null); }, 0);
};
// Constructors that throw on bad input (new WebSocket('not a url')): null instead, since
// a JS exception must not unwind through C++ frames.
Module['tryNew'] = function (constructor, argument) {
  try { return new constructor(argument); } catch (error) { return null; }
};
// A method that throws on bad input (RTCPeerConnection.setConfiguration): the error, or
// null, for the same reason.
Module['tryCall'] = function (object, method, argument) {
  try { object[method](argument); return null; } catch (error) { return error; }
};
// An RTCStatsReport (a maplike) as a JSON array of its stats objects.
Module['statsToJson'] = function (report) {
  var stats = [];
  report.forEach(function (entry) { stats.push(entry); });
  return JSON.stringify(stats);
};
// For a promise whose failure someone else handles: .catch(ignoreRejection) keeps it from
// being reported as unhandled.
Module['ignoreRejection'] = function () {};
