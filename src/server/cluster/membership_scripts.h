// The Lua scripts that keep a room's membership in Redis (run with EVAL, each atomic).
//
// A room is two keys: `parley:{<room>}:members`, a hash from peer id to a JSON record
// {"i": node connected to, "n": name, "s": hash of the resume secret, "o": join order,
// "a": 1 while its connection is lost and its seat held for it (kAway)},
// and `parley:{<room>}:order`, the join counter (the braces make both one hash slot, for
// Redis Cluster). A node is one run of one instance: "<instance-id>-<boot token>"; it is
// alive while `parley:node:<node>` exists (refreshed every 2 s, expiring after 10 s).
#pragma once

namespace parley::server::membership_scripts {

// KEYS: members, order. ARGV: peer id, node, name, capacity, presented secret hash ("" for
// none), new secret hash, "1" if a join token binds the peer id (else "").
// Returns {"room-full"}, {"id-taken"}, or {"joined" | "resumed" | "claimed", previous node
// ("" unless resumed or claimed), peer, record, peer, record, ...} with every member after
// the join. "claimed": the id's member was away and the token proves the joiner holds the
// id (RoomRegistry's rule): it takes the seat as a new member, with a new join order.
inline constexpr const char* kJoin = R"lua(
local existing = redis.call('HGET', KEYS[1], ARGV[1])
local status, previous, order = 'joined', '', nil
if existing then
  local record = cjson.decode(existing)
  if ARGV[5] ~= '' and record.s == ARGV[5] then
    status, previous, order = 'resumed', record.i, record.o
  elseif record.a == 1 and ARGV[7] == '1' then
    status, previous = 'claimed', record.i
  else
    return {'id-taken'}
  end
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {'room-full'}
end
if not order then order = redis.call('INCR', KEYS[2]) end
redis.call('HSET', KEYS[1], ARGV[1],
           cjson.encode({i = ARGV[2], n = ARGV[3], s = ARGV[6], o = order}))
local reply = {status, previous}
for _, value in ipairs(redis.call('HGETALL', KEYS[1])) do reply[#reply + 1] = value end
return reply
)lua";

// KEYS: members, order. ARGV: peer id, node. Removes the member only if it is still
// connected to that node (a resume elsewhere may have taken it).
// Returns {1 | 0 (removed), peer, record, ...} with the members left.
inline constexpr const char* kLeave = R"lua(
local existing = redis.call('HGET', KEYS[1], ARGV[1])
local removed = 0
if existing and cjson.decode(existing).i == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  removed = 1
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) end
local reply = {removed}
for _, value in ipairs(redis.call('HGETALL', KEYS[1])) do reply[#reply + 1] = value end
return reply
)lua";

// KEYS: members, order (unused). ARGV: peer id, node. Marks the member away (its seat held
// while its connection is lost) if it is still connected to that node. Returns 1 if marked.
inline constexpr const char* kAway = R"lua(
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return 0 end
local record = cjson.decode(existing)
if record.i ~= ARGV[2] then return 0 end
record.a = 1
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
)lua";

// KEYS: members, order. ARGV: a node found dead. Removes its members.
// Returns {{removed peer, ...}, {peer, record, ...}} with the members left.
inline constexpr const char* kReap = R"lua(
local all = redis.call('HGETALL', KEYS[1])
local removed = {}
for index = 1, #all, 2 do
  if cjson.decode(all[index + 1]).i == ARGV[1] then
    redis.call('HDEL', KEYS[1], all[index])
    removed[#removed + 1] = all[index]
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) end
return {removed, redis.call('HGETALL', KEYS[1])}
)lua";

// KEYS: members, order. ARGV: peer id, record. Puts back a member this node holds after
// Redis lost its data (restarted empty), unless someone has the id meanwhile. Returns 1
// when written.
inline constexpr const char* kRestore = R"lua(
local written = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if written == 1 then
  local order = cjson.decode(ARGV[2]).o
  local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
  if order > counter then redis.call('SET', KEYS[2], order) end
end
return written
)lua";

}  // namespace parley::server::membership_scripts
