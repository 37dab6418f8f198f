// A Redis reply, owned (hiredis's redisReply is freed when its callback returns).
#pragma once

#include <string>
#include <vector>

namespace parley::server {

struct RedisReply {
  enum class Kind { kNil, kInteger, kString, kStatus, kError, kArray };

  Kind kind = Kind::kNil;
  long long integer = 0;
  std::string text;  // a string, a status ("OK") or an error ("ERR ...")
  std::vector<RedisReply> elements;
  // The command got no answer from Redis: it was not connected, or the connection was
  // lost before the reply came. (A kError without it is Redis's own error reply.)
  bool unanswered = false;

  bool is_error() const { return kind == Kind::kError; }
  bool is_ok() const { return kind == Kind::kStatus && text == "OK"; }

  static RedisReply failure(std::string why) {
    RedisReply reply;
    reply.kind = Kind::kError;
    reply.text = std::move(why);
    reply.unanswered = true;
    return reply;
  }
};

}  // namespace parley::server
