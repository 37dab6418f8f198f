// Room ids and the links that carry them.
//
// A person opens `https://host/?room=team-sync` or `https://host/#team-sync`; the lobby
// pre-fills the room from that URL, and "copy invite link" builds the first form.
// New rooms get an unguessable id made from 16 random bytes the platform supplies
// (crypto.getRandomValues in the browser) - core itself owns no randomness.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace parley {

inline constexpr std::size_t kMaxRoomIdLength = 64;
inline constexpr std::size_t kRoomIdRandomBytes = 16;  // 128 bits

// 1 to 64 characters of A-Z a-z 0-9 '-' '_': safe in URLs, logs and file names.
bool is_valid_room_id(std::string_view room);

// The room named by `url`: the `room` query parameter if present, else the fragment.
// Percent-escapes are decoded. Returns nothing when there is none or it is not valid.
std::optional<std::string> room_from_url(std::string_view url);

// What the room field makes of text typed or pasted into it: a link (anything with "://",
// or starting with '?' or '#') becomes the room it names, surrounding spaces ignored;
// anything else, or a link that names no valid room, is left as typed (nothing).
std::optional<std::string> room_from_typed_link(std::string_view text);

// Encodes random bytes as lowercase base32 without padding (16 bytes -> 26 characters).
std::string room_id_from_random(std::span<const std::uint8_t> random_bytes);

// `page_url` without its query and fragment, plus `?room=<room>`.
std::string invite_link(std::string_view page_url, std::string_view room);

}  // namespace parley
