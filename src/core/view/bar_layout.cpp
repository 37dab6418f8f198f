#include "core/view/bar_layout.h"

namespace parley::view {

BarLayout wrap_in_rows(const std::vector<float>& widths, float spacing, float available) {
  BarLayout layout;
  float used = 0;  // of the current row
  for (const float width : widths) {
    if (layout.rows == 0 || (used > 0 && used + spacing + width > available)) {
      ++layout.rows;
      used = 0;
    }
    used += (used > 0 ? spacing : 0) + width;
    layout.row_of.push_back(layout.rows - 1);
  }
  return layout;
}

}  // namespace parley::view
