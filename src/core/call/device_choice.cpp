#include "core/call/device_choice.h"

#include <algorithm>

namespace parley::call {
namespace {

using Devices = std::vector<ports::MediaDeviceInfo>;

bool listed(const Devices& devices, const std::string& id) {
  return std::any_of(devices.begin(), devices.end(),
                     [&](const ports::MediaDeviceInfo& d) { return d.device_id == id; });
}

// Keeps `picked` if it is still there; none stays none; otherwise the first device (or
// the default when there is none, or ids are still hidden).
std::optional<std::string> reconcile(const std::optional<std::string>& picked,
                                     const Devices& devices) {
  if (!picked) return std::nullopt;
  if (!picked->empty() && listed(devices, *picked)) return picked;
  return devices.empty() ? std::string() : devices.front().device_id;
}

}  // namespace

void DeviceChoice::set_devices(const std::vector<ports::MediaDeviceInfo>& devices) {
  cameras_.clear();
  microphones_.clear();
  for (const auto& device : devices) {
    // Before permission, browsers list devices with empty ids: nothing to pick yet.
    if (device.device_id.empty()) continue;
    if (device.kind == "videoinput") cameras_.push_back(device);
    if (device.kind == "audioinput") microphones_.push_back(device);
  }
  camera_ = reconcile(camera_, cameras_);
  microphone_ = reconcile(microphone_, microphones_);
}

void DeviceChoice::pick_camera(std::optional<std::string> device_id) {
  camera_ = std::move(device_id);
}

void DeviceChoice::pick_microphone(std::optional<std::string> device_id) {
  microphone_ = std::move(device_id);
}

void DeviceChoice::pick_none() {
  camera_.reset();
  microphone_.reset();
}

bool DeviceChoice::still_matches(const std::optional<std::string>& captured,
                                 const std::optional<std::string>& now) {
  if (captured.has_value() != now.has_value()) return false;
  return !captured || captured->empty() || *captured == *now;
}

std::string DeviceChoice::label_of(const std::string& device_id) const {
  for (const Devices* devices : {&cameras_, &microphones_}) {
    for (std::size_t i = 0; i < devices->size(); ++i) {
      const auto& device = (*devices)[i];
      if (device.device_id != device_id) continue;
      if (!device.label.empty()) return device.label;
      return (devices == &cameras_ ? "Camera " : "Microphone ") + std::to_string(i + 1);
    }
  }
  return device_id.empty() ? "Default" : device_id;
}

}  // namespace parley::call
