// When a quiet WebSocket is pinged, and when it is given up as dead.
//
//   switch (keep_alive_step(now - last_received, ping_outstanding, idle_timeout)) {
//     case KeepAliveStep::kPing: send_ping(); break;   // silent for half the timeout
//     case KeepAliveStep::kDrop: drop(); break;        // silent for the whole timeout
//     case KeepAliveStep::kWait: break;
//   }
//
// Any bytes from the peer count as life (a pong, a message, part of one), so a busy
// connection is never pinged, and a dead one is dropped within one timeout of going quiet.
#pragma once

#include <chrono>

namespace parley::websocket {

enum class KeepAliveStep { kWait, kPing, kDrop };

inline KeepAliveStep keep_alive_step(std::chrono::steady_clock::duration silent_for,
                                     bool ping_outstanding,
                                     std::chrono::steady_clock::duration idle_timeout) {
  if (silent_for >= idle_timeout) return KeepAliveStep::kDrop;
  if (silent_for >= idle_timeout / 2 && !ping_outstanding) return KeepAliveStep::kPing;
  return KeepAliveStep::kWait;
}

}  // namespace parley::websocket
