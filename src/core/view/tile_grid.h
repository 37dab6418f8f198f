// Where the video tiles of a call go: a grid that makes tiles as large as the area allows
// for their aspect ratio (1 to 16 tiles and more), and video fitted into a tile without
// stretching. Pure geometry in screen units; the UI draws what it returns.
//
//   const auto tiles = layout_tiles(peers.size() + 1, {0, 0, 1280, 660}, 16.0f / 9.0f, 8.0f);
//   const Box picture = fit_aspect(tiles[0], 640.0f / 480.0f);  // letterboxed in the tile
#pragma once

#include <cstddef>
#include <vector>

namespace parley::view {

struct Box {
  float x = 0;
  float y = 0;
  float width = 0;
  float height = 0;

  bool operator==(const Box&) const = default;
};

// `count` boxes of aspect `aspect` (width / height), row by row, separated by `gap`, the
// grid centred in `area`. The column count is the one that gives the largest tiles; the
// last row, if short, is centred. Empty for count 0 or an area too small to hold a gap.
std::vector<Box> layout_tiles(std::size_t count, Box area, float aspect, float gap);

// The largest box of `content_aspect` inside `box`, centred (letter- or pillarboxed).
Box fit_aspect(Box box, float content_aspect);

}  // namespace parley::view
