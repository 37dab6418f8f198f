// The Content-Security-Policy of the pages parley-server serves: what the Parley app
// needs and nothing more, so that an injected script or a hostile frame has nowhere to
// go.
//
//   default-src 'self'                         anything not listed: this origin only
//   script-src 'self' 'wasm-unsafe-eval'       our scripts, and compiling our wasm; no
//                                              inline script, no eval (the wasm glue is
//                                              built with -sDYNAMIC_EXECUTION=0)
//   style-src 'self'  img-src 'self' data: blob:  connect-src 'self' (the signaling
//   WebSocket: CSP3 matches ws:/wss: of this origin)  media-src 'self' blob:
//   object-src 'none'  base-uri 'none'  form-action 'self'
//   frame-ancestors <--frame-ancestors>        who may put our pages in a frame
//                                              (default 'self')
#pragma once

#include <string>
#include <string_view>

namespace parley::server {

std::string content_security_policy(std::string_view frame_ancestors);

// A --frame-ancestors value: CSP source expressions ('self', 'none', https://host...)
// separated by spaces, with nothing that could end the header or the directive.
bool is_valid_frame_ancestors(std::string_view value);

}  // namespace parley::server
