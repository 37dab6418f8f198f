#include "ui/widget_trail.h"

#include <imgui.h>

namespace parley::ui {

std::string_view visible_label(std::string_view label) {
  return label.substr(0, label.find("##"));
}

void WidgetTrail::begin_frame() {
  drawing_.clear();
}

void WidgetTrail::end_frame() {
  complete_.swap(drawing_);
}

WidgetRecord& WidgetTrail::record_item(std::string_view label, std::string_view kind, bool enabled,
                                       std::optional<bool> checked) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  WidgetRecord widget;
  widget.label = visible_label(label);
  if (const auto hashes = label.find("##"); hashes != std::string_view::npos)
    widget.id = label.substr(hashes + 2);
  widget.kind = kind;
  widget.x = min.x;
  widget.y = min.y;
  widget.width = max.x - min.x;
  widget.height = max.y - min.y;
  widget.enabled = enabled;
  widget.checked = checked;
  widget.active = ImGui::IsItemActive();
  return record(std::move(widget));
}

WidgetRecord& WidgetTrail::record_box(std::string_view label, std::string_view kind, float x,
                                      float y, float width, float height, std::string_view id,
                                      std::optional<double> value) {
  WidgetRecord widget;
  widget.label = label;
  widget.kind = kind;
  widget.x = x;
  widget.y = y;
  widget.width = width;
  widget.height = height;
  widget.id = id;
  widget.value = value;
  return record(std::move(widget));
}

WidgetRecord& WidgetTrail::record(WidgetRecord record) {
  return drawing_.emplace_back(std::move(record));
}

nlohmann::json WidgetTrail::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const WidgetRecord& widget : complete_) {
    nlohmann::json entry = {
        {"label", widget.label},
        {"kind", widget.kind},
        {"rect",
         {{"x", widget.x}, {"y", widget.y}, {"width", widget.width}, {"height", widget.height}}},
        {"enabled", widget.enabled},
    };
    if (widget.checked) entry["checked"] = *widget.checked;
    if (widget.active) entry["active"] = true;
    if (widget.value) entry["value"] = *widget.value;
    if (!widget.id.empty()) entry["id"] = widget.id;
    if (!widget.text.empty()) entry["text"] = widget.text;
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace parley::ui
