#include "core/view/tile_grid.h"

#include <algorithm>

namespace parley::view {
namespace {

struct Grid {
  std::size_t columns = 1;
  std::size_t rows = 1;
  float tile_width = 0;
  float tile_height = 0;
};

// The tile size when `count` tiles sit in `columns` columns.
Grid grid_for(std::size_t count, std::size_t columns, Box area, float aspect, float gap) {
  Grid grid;
  grid.columns = columns;
  grid.rows = (count + columns - 1) / columns;
  const float cell_width =
      (area.width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float cell_height =
      (area.height - gap * static_cast<float>(grid.rows - 1)) / static_cast<float>(grid.rows);
  grid.tile_width = std::min(cell_width, cell_height * aspect);
  grid.tile_height = grid.tile_width / aspect;
  return grid;
}

}  // namespace

std::vector<Box> layout_tiles(std::size_t count, Box area, float aspect, float gap) {
  std::vector<Box> tiles;
  if (count == 0 || aspect <= 0) return tiles;
  Grid best;
  for (std::size_t columns = 1; columns <= count; ++columns) {
    const Grid grid = grid_for(count, columns, area, aspect, gap);
    if (grid.tile_width > best.tile_width) best = grid;
  }
  if (best.tile_width <= 0) return tiles;

  const float grid_height =
      best.tile_height * static_cast<float>(best.rows) + gap * static_cast<float>(best.rows - 1);
  const float top = area.y + (area.height - grid_height) / 2;
  tiles.reserve(count);
  for (std::size_t index = 0; index < count; ++index) {
    const std::size_t row = index / best.columns;
    const std::size_t column = index % best.columns;
    const std::size_t in_this_row = std::min(best.columns, count - row * best.columns);
    const float row_width = best.tile_width * static_cast<float>(in_this_row) +
                            gap * static_cast<float>(in_this_row - 1);
    const float left = area.x + (area.width - row_width) / 2;
    tiles.push_back({left + static_cast<float>(column) * (best.tile_width + gap),
                     top + static_cast<float>(row) * (best.tile_height + gap), best.tile_width,
                     best.tile_height});
  }
  return tiles;
}

Box fit_aspect(Box box, float content_aspect) {
  if (content_aspect <= 0 || box.width <= 0 || box.height <= 0) return box;
  float width = box.width;
  float height = width / content_aspect;
  if (height > box.height) {
    height = box.height;
    width = height * content_aspect;
  }
  return {box.x + (box.width - width) / 2, box.y + (box.height - height) / 2, width, height};
}

}  // namespace parley::view
