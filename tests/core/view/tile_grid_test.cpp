#include "core/view/tile_grid.h"

#include <gtest/gtest.h>

namespace parley::view {
namespace {

constexpr float kWide = 16.0f / 9.0f;

bool overlaps(const Box& a, const Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool inside(const Box& inner, const Box& outer) {
  constexpr float kSlack = 0.01f;
  return inner.x >= outer.x - kSlack && inner.y >= outer.y - kSlack &&
         inner.x + inner.width <= outer.x + outer.width + kSlack &&
         inner.y + inner.height <= outer.y + outer.height + kSlack;
}

TEST(TileGrid, NoTilesForNothingOrNoRoom) {
  EXPECT_TRUE(layout_tiles(0, {0, 0, 1280, 720}, kWide, 8).empty());
  EXPECT_TRUE(layout_tiles(3, {0, 0, 10, 10}, kWide, 20).empty());
}

TEST(TileGrid, OneTileFillsTheLimitingSideAndIsCentred) {
  const auto tiles = layout_tiles(1, {0, 0, 1600, 900}, kWide, 8);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0], (Box{0, 0, 1600, 900}));

  const auto tall = layout_tiles(1, {10, 20, 800, 900}, kWide, 8);
  ASSERT_EQ(tall.size(), 1u);
  EXPECT_FLOAT_EQ(tall[0].width, 800);
  EXPECT_FLOAT_EQ(tall[0].height, 450);
  EXPECT_FLOAT_EQ(tall[0].y, 20 + (900 - 450) / 2.0f);
}

TEST(TileGrid, TwoTilesSideBySideInAWideArea) {
  const auto tiles = layout_tiles(2, {0, 0, 1280, 400}, kWide, 10);
  ASSERT_EQ(tiles.size(), 2u);
  EXPECT_FLOAT_EQ(tiles[0].y, tiles[1].y);
  EXPECT_FLOAT_EQ(tiles[1].x - (tiles[0].x + tiles[0].width), 10);
}

TEST(TileGrid, FourTilesInASixteenByNineAreaMakeTwoByTwo) {
  const auto tiles = layout_tiles(4, {0, 0, 1608, 908}, kWide, 8);
  ASSERT_EQ(tiles.size(), 4u);
  EXPECT_EQ(tiles[0], (Box{0, 0, 800, 450}));
  EXPECT_EQ(tiles[3], (Box{808, 458, 800, 450}));
}

TEST(TileGrid, AShortLastRowIsCentred) {
  const auto tiles = layout_tiles(3, {0, 0, 1608, 908}, kWide, 8);
  ASSERT_EQ(tiles.size(), 3u);
  EXPECT_FLOAT_EQ(tiles[2].x, (1608 - 800) / 2.0f);
  EXPECT_FLOAT_EQ(tiles[2].y, 458);
}

TEST(TileGrid, EveryCountUpToSixteenFitsWithoutOverlapAndKeepsItsAspect) {
  const Box areas[] = {{0, 0, 1280, 660}, {0, 0, 800, 540}, {5, 7, 600, 900}};
  for (const Box& area : areas) {
    for (std::size_t count = 1; count <= 16; ++count) {
      const auto tiles = layout_tiles(count, area, kWide, 6);
      ASSERT_EQ(tiles.size(), count);
      for (std::size_t i = 0; i < count; ++i) {
        EXPECT_TRUE(inside(tiles[i], area)) << count << " tiles, tile " << i;
        EXPECT_NEAR(tiles[i].width / tiles[i].height, kWide, 1e-3);
        for (std::size_t k = i + 1; k < count; ++k)
          EXPECT_FALSE(overlaps(tiles[i], tiles[k])) << count;
      }
    }
  }
}

TEST(TileGrid, SixteenTilesInAWideAreaUseFourColumns) {
  const auto tiles = layout_tiles(16, {0, 0, 1280, 720}, kWide, 4);
  ASSERT_EQ(tiles.size(), 16u);
  EXPECT_FLOAT_EQ(tiles[3].y, tiles[0].y);
  EXPECT_GT(tiles[4].y, tiles[0].y);
}

TEST(FitAspect, LetterboxesAndPillarboxesCentred) {
  EXPECT_EQ(fit_aspect({0, 0, 1600, 900}, 4.0f / 3.0f), (Box{200, 0, 1200, 900}));
  EXPECT_EQ(fit_aspect({0, 0, 400, 400}, 2.0f), (Box{0, 100, 400, 200}));
  EXPECT_EQ(fit_aspect({1, 2, 30, 40}, 0.0f), (Box{1, 2, 30, 40}))
      << "unknown aspect: the box itself";
}

}  // namespace
}  // namespace parley::view
