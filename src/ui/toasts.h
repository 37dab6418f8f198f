// Short messages in the lower right corner - errors and confirmations - each shown for a
// few seconds. Nothing that goes wrong in a call is silent: every core error ends here.
#pragma once

#include <chrono>
#include <deque>
#include <string>

#include "ui/widget_trail.h"

namespace parley::ui {

class Toasts {
 public:
  using Clock = std::chrono::milliseconds;
  static constexpr Clock kShowFor{6'000};
  static constexpr std::size_t kMaxShown = 4;  // older ones go first

  void push(std::string text, Clock now);
  void draw(Clock now, WidgetTrail& trail);

 private:
  struct Toast {
    std::string text;
    Clock shown_at;
  };
  std::deque<Toast> toasts_;
};

}  // namespace parley::ui
