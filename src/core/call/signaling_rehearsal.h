// A dry run of the code that carries an offer, an answer and an ICE candidate between
// peers: our message out (relay_message), relayed as the server does (parse_client_message,
// relay_frame), received (parse_server_message) and read back (description_from,
// candidate_from) - on made-up messages, with no effect.
//
//   call::rehearse_signaling();   // at start-up, while nothing waits on it
//
// Why: in a browser each wasm function is compiled the first time it runs, so a fresh
// page's first offer pays for compiling all of these on the call's critical path.
// Rehearsed while the page is idle, the newcomer handles the first real offer in ~2 ms
// instead of ~5 ms (medians of 21 calls, tools/bench/call-setup STEPS=1); first frames
// gain less than the benchmark's run-to-run spread.
#pragma once

namespace parley::call {

// Whether every message came back as it went out: false means the rehearsal no longer
// runs the path a call takes.
bool rehearse_signaling();

}  // namespace parley::call
