// Why a peer connection found no network path, from what ICE gathered on both sides.
//
//   PathDiagnosis diagnosis(configuration);     // do we have a TURN server at all?
//   diagnosis.on_local_candidate(candidate);    // each one we gathered ...
//   diagnosis.on_remote_candidate(candidate);   // ... and each one the peer sent
//   report("no connection to Bob: " + diagnosis.cause());
//
// A call between two networks whose NATs map a new port per destination (symmetric), or
// with UDP blocked, has no direct path; only a TURN relay connects it. Without one the
// browser just keeps "checking": this names the likely cause instead, so a person knows
// it is not their camera, and an operator knows to configure TURN.
#pragma once

#include <string>
#include <string_view>

#include "core/ports/peer_connection.h"

namespace parley::call {

class PathDiagnosis {
 public:
  explicit PathDiagnosis(const ports::RtcConfiguration& configuration);

  // ICE candidate lines ("candidate:... typ relay ..."); anything else is ignored.
  void on_local_candidate(std::string_view candidate);
  void on_remote_candidate(std::string_view candidate);
  // The candidates a description carries ("a=candidate:" lines): an offer made after
  // gathering - a prepared one - trickles none.
  void on_local_description(std::string_view sdp);
  void on_remote_description(std::string_view sdp);

  // One sentence, without the peer's name: what was tried and what is missing.
  std::string cause() const;

  bool has_turn_server() const { return has_turn_server_; }
  bool gathered_relay() const { return local_relay_; }

 private:
  bool has_turn_server_ = false;
  bool local_relay_ = false;
  bool remote_relay_ = false;
  bool any_remote_ = false;
};

// The candidate type of an ICE candidate line ("host", "srflx", "prflx", "relay"), or
// empty when the line has none.
std::string_view candidate_type_of(std::string_view candidate);

}  // namespace parley::call
