// The lobby's camera and microphone pickers: what the browser lists, what the person
// picked (a device, or none - "continue without"), and keeping that choice sensible when
// devices come and go (devicechange). Portable; the app draws it and asks the browser.
//
//   DeviceChoice choice;
//   choice.set_devices(enumerated);           // after each enumerateDevices()
//   choice.pick_camera("usb-cam");            // or pick_camera(std::nullopt): no camera
//   if (choice.camera()) request.video_device_id = *choice.camera();
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ports/media_devices.h"

namespace parley::call {

class DeviceChoice {
 public:
  // Replaces the known devices (all kinds; outputs are ignored). A picked device that is
  // gone falls back to the first of its kind; "none" stays none.
  void set_devices(const std::vector<ports::MediaDeviceInfo>& devices);

  void pick_camera(std::optional<std::string> device_id);
  void pick_microphone(std::optional<std::string> device_id);
  // Continue without either (a denied permission, or no wish to be seen or heard).
  void pick_none();

  const std::vector<ports::MediaDeviceInfo>& cameras() const { return cameras_; }
  const std::vector<ports::MediaDeviceInfo>& microphones() const { return microphones_; }

  // The device to use: an id; "" for the browser's default (nothing listed yet, or ids
  // hidden until permission); nothing when the person chose none.
  std::optional<std::string> camera() const { return camera_; }
  std::optional<std::string> microphone() const { return microphone_; }

  // Whether a capture made for `captured` (a pick as camera()/microphone() gave it) still
  // shows what is picked now. "" (the default) is whatever the browser chose, so a pick
  // that later resolves to a listed id needs no new capture.
  static bool still_matches(const std::optional<std::string>& captured,
                            const std::optional<std::string>& now);

  // The label a picker shows for a device id (its label, else "Camera 2" style).
  std::string label_of(const std::string& device_id) const;

 private:
  std::vector<ports::MediaDeviceInfo> cameras_;
  std::vector<ports::MediaDeviceInfo> microphones_;
  std::optional<std::string> camera_ = std::string();
  std::optional<std::string> microphone_ = std::string();
};

}  // namespace parley::call
