#include "core/call/device_choice.h"

#include <gtest/gtest.h>

namespace parley::call {
namespace {

std::vector<ports::MediaDeviceInfo> devices(std::vector<ports::MediaDeviceInfo> list) {
  return list;
}

TEST(DeviceChoice, StartsWithTheBrowsersDefaultsAndIgnoresUnnamedDevices) {
  DeviceChoice choice;
  EXPECT_EQ(choice.camera(), "");
  EXPECT_EQ(choice.microphone(), "");
  choice.set_devices(
      devices({{"", "videoinput", ""}, {"", "audioinput", ""}}));  // before permission
  EXPECT_TRUE(choice.cameras().empty());
  EXPECT_EQ(choice.camera(), "");
}

TEST(DeviceChoice, PicksTheFirstListedDeviceOfEachKindAndNotOutputs) {
  DeviceChoice choice;
  choice.set_devices(devices({{"spk", "audiooutput", "Speaker"},
                              {"cam-a", "videoinput", "Front"},
                              {"cam-b", "videoinput", ""},
                              {"mic-a", "audioinput", "Headset"}}));
  EXPECT_EQ(choice.cameras().size(), 2u);
  EXPECT_EQ(choice.microphones().size(), 1u);
  EXPECT_EQ(choice.camera(), "cam-a");
  EXPECT_EQ(choice.microphone(), "mic-a");
  EXPECT_EQ(choice.label_of("cam-b"), "Camera 2") << "no label: named by position";
  EXPECT_EQ(choice.label_of("mic-a"), "Headset");
}

TEST(DeviceChoice, APickSurvivesRelistingUntilItsDeviceIsUnplugged) {
  DeviceChoice choice;
  const auto both = devices({{"cam-a", "videoinput", "Front"}, {"cam-b", "videoinput", "USB"}});
  choice.set_devices(both);
  choice.pick_camera("cam-b");
  choice.set_devices(both);
  EXPECT_EQ(choice.camera(), "cam-b");
  choice.set_devices(devices({{"cam-a", "videoinput", "Front"}}));  // USB camera unplugged
  EXPECT_EQ(choice.camera(), "cam-a");
  choice.set_devices({});
  EXPECT_EQ(choice.camera(), "") << "nothing left: the browser's default, which will fail clearly";
}

TEST(DeviceChoice, NoneStaysNoneWhateverIsPluggedIn) {
  DeviceChoice choice;
  choice.pick_none();
  choice.set_devices(devices({{"cam-a", "videoinput", "Front"}, {"mic-a", "audioinput", "Mic"}}));
  EXPECT_EQ(choice.camera(), std::nullopt);
  EXPECT_EQ(choice.microphone(), std::nullopt);
  choice.pick_microphone("mic-a");
  EXPECT_EQ(choice.microphone(), "mic-a");
  EXPECT_EQ(choice.camera(), std::nullopt);
}

TEST(DeviceChoice, ACaptureStillMatchesUnlessThePickMovedToAnotherDeviceOrToNone) {
  using std::nullopt;
  using std::optional;
  using std::string;
  EXPECT_TRUE(DeviceChoice::still_matches(string("cam-a"), string("cam-a")));
  EXPECT_TRUE(DeviceChoice::still_matches(string(""), string("cam-a")))
      << "the default resolved to a device";
  EXPECT_TRUE(DeviceChoice::still_matches(nullopt, nullopt));
  EXPECT_FALSE(DeviceChoice::still_matches(string("cam-b"), string("cam-a")))
      << "cam-b was unplugged";
  EXPECT_FALSE(DeviceChoice::still_matches(string("cam-a"), nullopt));
  EXPECT_FALSE(DeviceChoice::still_matches(nullopt, string("")));
}

}  // namespace
}  // namespace parley::call
