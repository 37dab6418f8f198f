// What the UI drew, for automation: each interactive widget and video tile of the last
// complete frame with its label, kind, screen rectangle (CSS pixels, canvas origin) and
// state. End-to-end tests find "Join" here and click its centre like a person would.
//
//   trail.begin_frame();
//   if (ImGui::Button("Join")) ...;
//   trail.record_item("Join", "button", enabled);   // the item ImGui drew last
//   ...
//   trail.end_frame();                              // to_json() now shows this frame
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/view/widget.h"

namespace parley::ui {

using WidgetRecord = view::Widget;

class WidgetTrail {
 public:
  void begin_frame();
  void end_frame();

  // The item ImGui submitted last (ImGui::GetItemRectMin/Max). The record is returned
  // for details (its text) until the next record.
  WidgetRecord& record_item(std::string_view label, std::string_view kind, bool enabled = true,
                            std::optional<bool> checked = std::nullopt);
  WidgetRecord& record(WidgetRecord record);
  // Something drawn directly (a tile, a badge): its box, the peer it belongs to, a value.
  WidgetRecord& record_box(std::string_view label, std::string_view kind, float x, float y,
                           float width, float height, std::string_view id = {},
                           std::optional<double> value = std::nullopt);

  const std::vector<WidgetRecord>& last_frame() const { return complete_; }
  nlohmann::json to_json() const;

 private:
  std::vector<WidgetRecord> drawing_;
  std::vector<WidgetRecord> complete_;
};

// An ImGui label without its "##id" part: what a person reads.
std::string_view visible_label(std::string_view label);

}  // namespace parley::ui
