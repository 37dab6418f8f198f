// Where the control bar's buttons go: left to right, in as many rows as the screen's width
// needs. On a phone (390 CSS pixels) the eight controls of a call are twice as wide as
// the screen; in one row, Stats, Copy invite link and Leave were off screen.
#pragma once

#include <cstddef>
#include <vector>

namespace parley::view {

struct BarLayout {
  std::vector<std::size_t> row_of;  // each item's row, from 0
  std::size_t rows = 0;
};

// Items `widths` wide, `spacing` apart, in rows no wider than `available`, in order; an
// item wider than a row gets a row of its own.
BarLayout wrap_in_rows(const std::vector<float>& widths, float spacing, float available);

}  // namespace parley::view
