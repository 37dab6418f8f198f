#include "core/view/bar_layout.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

using Rows = std::vector<std::size_t>;

TEST(BarLayout, EverythingOnOneRowWhenItFits) {
  const BarLayout layout = wrap_in_rows({100, 80, 90}, 8, 1280);
  EXPECT_EQ(layout.rows, 1u);
  EXPECT_EQ(layout.row_of, (Rows{0, 0, 0}));
  EXPECT_EQ(wrap_in_rows({100, 80, 90}, 8, 286).rows, 1u);  // exactly
}

TEST(BarLayout, ANarrowScreenWrapsInOrder) {
  // The call's controls on a 390-pixel phone (374 available).
  const BarLayout layout = wrap_in_rows({99, 71, 92, 36, 43, 43, 120, 43}, 8, 374);
  EXPECT_EQ(layout.row_of, (Rows{0, 0, 0, 0, 0, 1, 1, 1}));  // 373 of 374 on the first
  EXPECT_EQ(layout.rows, 2u);
}

TEST(BarLayout, AnItemWiderThanARowHasOneOfItsOwn) {
  const BarLayout layout = wrap_in_rows({50, 400, 50}, 8, 300);
  EXPECT_EQ(layout.row_of, (Rows{0, 1, 2}));
  EXPECT_EQ(layout.rows, 3u);
  EXPECT_EQ(wrap_in_rows({}, 8, 300).rows, 0u);
}

}  // namespace
}  // namespace parley::view
