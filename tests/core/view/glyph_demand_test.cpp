#include "core/view/glyph_demand.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::view {
namespace {

using std::chrono::milliseconds;
using Codes = std::vector<char32_t>;

TEST(GlyphDemand, OnlyCodePointsTheFontLacksAreAskedFor) {
  GlyphDemand demand;
  demand.begin_frame();
  demand.see("Join the call, Zoë");  // ASCII and Latin-1: the built-in font's
  EXPECT_FALSE(demand.rebuild_due(milliseconds(0)));
  demand.see("Łukasz 王芳 🎉");
  ASSERT_TRUE(demand.rebuild_due(milliseconds(0)));
  EXPECT_EQ(demand.take_atlas(milliseconds(0)), (Codes{U'Ł', U'王', U'芳', U'\U0001F389'}));
  EXPECT_FALSE(demand.rebuild_due(milliseconds(1000)));  // nothing new
}

TEST(GlyphDemand, RebuildsAtMostOncePerInterval) {
  GlyphDemand demand;
  demand.begin_frame();
  demand.see("王");
  ASSERT_TRUE(demand.rebuild_due(milliseconds(1000)));
  demand.take_atlas(milliseconds(1000));
  demand.begin_frame();
  demand.see("芳");
  EXPECT_FALSE(demand.rebuild_due(milliseconds(1000) + GlyphDemand::kRebuildInterval / 2));
  ASSERT_TRUE(demand.rebuild_due(milliseconds(1000) + GlyphDemand::kRebuildInterval));
  EXPECT_EQ(demand.take_atlas(milliseconds(2000)), (Codes{U'王', U'芳'}));
}

TEST(GlyphDemand, ANewGlyphReplacesOneNoLongerOnScreen) {
  GlyphDemand demand(0x100, 2);
  demand.begin_frame();
  demand.see("王芳");
  demand.take_atlas(milliseconds(0));
  demand.begin_frame();
  demand.see("王");  // 芳 was last seen a frame ago: still held
  demand.see("🎉");
  EXPECT_EQ(demand.refused(), 1u);
  demand.begin_frame();
  demand.see("王🎉");  // two frames without 芳: it goes
  EXPECT_EQ(demand.refused(), 1u);
  EXPECT_EQ(demand.held(), 2u);
  ASSERT_TRUE(demand.rebuild_due(milliseconds(1000)));
  EXPECT_EQ(demand.take_atlas(milliseconds(1000)), (Codes{U'王', U'\U0001F389'}));
}

TEST(GlyphDemand, AFloodOfDistinctCharactersIsBoundedAndRefusedCheaply) {
  GlyphDemand demand;
  std::u32string flood;
  for (char32_t code = 0x4E00; code < 0x4E00 + 5000; ++code) flood.push_back(code);
  for (int frame = 0; frame < 3; ++frame) {
    demand.begin_frame();
    for (const char32_t code : flood) demand.see(code);  // all on screen, every frame
  }
  EXPECT_EQ(demand.held(), GlyphDemand::kMostGlyphs);
  EXPECT_EQ(demand.refused(), 3 * (5000 - GlyphDemand::kMostGlyphs));

  // Each build brings at most kMostNewPerBuild new glyphs; the rest follow in later ones.
  milliseconds now(0);
  std::size_t builds = 0;
  Codes atlas;
  while (demand.rebuild_due(now)) {
    const Codes next = demand.take_atlas(now);
    EXPECT_LE(next.size() - atlas.size(), GlyphDemand::kMostNewPerBuild);
    atlas = next;
    ++builds;
    now += GlyphDemand::kRebuildInterval;
  }
  EXPECT_EQ(builds, GlyphDemand::kMostGlyphs / GlyphDemand::kMostNewPerBuild);
  EXPECT_EQ(atlas.size(), GlyphDemand::kMostGlyphs);
  EXPECT_EQ(atlas.front(), char32_t{0x4E00});  // the first seen stay: no churn
}

}  // namespace
}  // namespace parley::view
