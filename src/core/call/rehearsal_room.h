// One room of a signaling server, in memory: the sockets its factory makes speak
// parley-server's protocol (join -> welcome, peer-joined; offer / answer / ice-candidate
// relayed with "from"; leave or close -> peer-left), each message a task later, as over a
// network. For a ConnectionRehearsal; nothing leaves the page. Who may join and where a
// relay goes is decided by the server's own RoomRegistry, so a rehearsal follows the
// server's routing rules (capacity, unknown targets, relays to oneself) rather than a copy.
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
#include "core/rooms/room_registry.h"

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
  using SocketId = rooms::ConnectionId;

  void on_text(SocketId socket, std::string_view text);
  void remove(SocketId socket);  // leaves the room; the socket stays open
  void closed(SocketId socket);
  void reject(SocketId socket, const protocol::ProtocolError& error);
  // Runs `deliver` on `socket` a task later, if it is still open.
  void post(SocketId socket, std::function<void(Socket&)> deliver);
  void send_to(SocketId socket, std::string text);

  ports::Scheduler& scheduler_;
  ports::Timer delivery_;
  rooms::RoomRegistry registry_;
  std::map<SocketId, Socket*> sockets_;  // open sockets, joined or not
  std::deque<std::pair<SocketId, std::function<void(Socket&)>>> outbox_;
  SocketId sockets_made_ = 0;
  int peers_joined_ = 0;
  // Whether the room still exists, for sockets that outlive it.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace parley::call
