// One room of a signaling server, in memory: the sockets its factory makes speak
// parley-server's protocol (join -> welcome, peer-joined; offer / answer / ice-candidate
// relayed with "from"; leave or close -> peer-left), each message a task later, as over a
// network. For a ConnectionRehearsal; no server code runs and nothing leaves the page.
//
//   RehearsalRoom room(scheduler);
//   Call alice(options, {room.sockets(), ...}, on_event);
//
// Peers get ids "rehearsal-1", "rehearsal-2", ... in the order they join; the room's
// name and the sockets' URL are not checked. The room must outlive its sockets' use, and
// its sockets it: a socket that outlives the room is simply closed.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/ports/scheduler.h"
#include "core/ports/signaling_socket.h"

namespace parley::call {

class RehearsalRoom {
 public:
  explicit RehearsalRoom(ports::Scheduler& scheduler);
  ~RehearsalRoom();
  RehearsalRoom(const RehearsalRoom&) = delete;
  RehearsalRoom& operator=(const RehearsalRoom&) = delete;

  ports::SignalingSocketFactory sockets();

 private:
  class Socket;
  struct Member {
    Socket* socket = nullptr;
    std::string peer_id;  // empty until joined
    std::string name;
  };

  void on_text(int member, std::string_view text);
  void remove(int member);
  // Runs `deliver` on `member`'s socket a task later, if it is still in the room.
  void post(int member, std::function<void(Socket&)> deliver);
  void send_to(int member, std::string text);

  ports::Timer delivery_;
  std::map<int, Member> members_;  // by socket, in the order they connected
  std::deque<std::pair<int, std::function<void(Socket&)>>> outbox_;
  int sockets_made_ = 0;
  int peers_joined_ = 0;
  // Whether the room still exists, for sockets that outlive it.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace parley::call
