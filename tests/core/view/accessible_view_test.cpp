#include "core/view/accessible_view.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace parley::view {
namespace {

Widget widget(std::string label, std::string kind, std::string id = {}) {
  Widget w;
  w.label = std::move(label);
  w.kind = std::move(kind);
  w.id = std::move(id);
  w.x = 10;
  w.y = 20;
  w.width = 100;
  w.height = 30;
  return w;
}

const AccessibleNode& find(const std::vector<AccessibleNode>& nodes, const std::string& key) {
  const auto it = std::find_if(nodes.begin(), nodes.end(),
                               [&](const AccessibleNode& node) { return node.key == key; });
  if (it == nodes.end()) throw std::runtime_error("no node " + key);
  return *it;
}

TEST(AccessibleView, TheLobbyHasNamedFieldsPickersAndButtons) {
  Widget name = widget("Your name", "text-input");
  name.text = "Zoë";
  name.active = true;
  Widget camera = widget("Camera", "combo");
  camera.text = "fake_device_0";
  Widget join = widget("Join", "button");
  join.enabled = false;
  const auto nodes = accessible_view({widget("Self-preview", "preview-empty"), name, camera,
                                      widget("fake_device_0", "option"), join});
  ASSERT_EQ(nodes.size(), 5u);
  EXPECT_EQ(nodes[0].role, "img");
  EXPECT_EQ(nodes[0].name, "Self-preview (no picture)");
  const AccessibleNode& field = find(nodes, "text-input:Your name");
  EXPECT_EQ(field.role, "textbox");
  EXPECT_EQ(field.value, "Zoë");
  EXPECT_TRUE(field.focused);
  EXPECT_TRUE(field.operable());
  const AccessibleNode& picker = find(nodes, "combo:Camera");
  EXPECT_EQ(picker.role, "combobox");
  EXPECT_EQ(picker.value, "fake_device_0");
  EXPECT_EQ(picker.expanded, true);  // its options follow it
  EXPECT_EQ(find(nodes, "option:fake_device_0").role, "option");
  EXPECT_TRUE(find(nodes, "button:Join").disabled);
  EXPECT_EQ(find(nodes, "button:Join").x, 10);
}

TEST(AccessibleView, TilesBecomePeopleWithTheirStateInWords) {
  Widget self = widget("Ada (you)", "tile", "self");
  Widget bob = widget("Bob", "tile", "p2");
  bob.text = "connecting";
  const auto nodes = accessible_view({
      widget("Muted", "badge", "self"),
      self,
      widget("Camera off", "badge", "p2"),
      widget("Good", "badge", "p2"),
      widget("Bob", "level", "p2"),
      widget("Bob", "speaker", "p2"),
      bob,
  });
  ASSERT_EQ(nodes.size(), 2u);  // badges, level bars and outlines are folded in
  EXPECT_EQ(nodes[0].region, "people");
  EXPECT_EQ(nodes[0].role, "listitem");
  EXPECT_EQ(nodes[0].name, "Ada (you): microphone muted");
  EXPECT_EQ(nodes[1].name, "Bob: connecting, camera off, connection Good, speaking");
  EXPECT_FALSE(nodes[1].operable());
}

TEST(AccessibleView, TogglesKeepTheirKeyWhenTheLabelChangesAndCarryTheirCounts) {
  Widget microphone = widget("Microphone off", "toggle", "mic");
  microphone.checked = false;
  Widget chat = widget("Chat", "toggle");
  chat.checked = false;
  const auto nodes = accessible_view({microphone, chat, widget("2", "badge", "chat")});
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].key, "toggle:mic");
  EXPECT_EQ(nodes[0].role, "button");
  EXPECT_EQ(nodes[0].pressed, false);
  EXPECT_EQ(nodes[1].name, "Chat, 2 new");
}

TEST(AccessibleView, MessagesGoToLiveRegionsAndTheLogAndKeysStayUnique) {
  Widget progress = widget("photo.jpg", "progress", "t1");
  progress.value = 0.426;
  const auto nodes = accessible_view({
      widget("Invite link copied", "toast"),
      widget("Reconnecting...", "banner"),
      widget("Camera access was denied", "message"),
      widget("M: microphone on or off", "help"),
      widget("Ada: hi", "chat-message"),
      widget("Ada: hi", "chat-message"),
      widget("Accept", "button", "t1"),
      widget("Accept", "button", "t2"),
      progress,
  });
  ASSERT_EQ(nodes.size(), 9u);
  EXPECT_EQ(nodes[0].region, "status");
  EXPECT_EQ(nodes[1].region, "status");
  EXPECT_EQ(nodes[2].region, "alert");
  EXPECT_EQ(nodes[3].region, "status");
  EXPECT_EQ(nodes[4].region, "chat");
  EXPECT_EQ(nodes[4].key, "chat-message:Ada: hi");
  EXPECT_EQ(nodes[5].key, "chat-message:Ada: hi#2");
  EXPECT_EQ(nodes[6].key, "button:t1");
  EXPECT_EQ(nodes[7].key, "button:t2");
  EXPECT_EQ(nodes[8].role, "progressbar");
  EXPECT_EQ(nodes[8].value, "43");
}

TEST(AccessibleView, JsonCarriesWhatThePageNeeds) {
  Widget toggle = widget("Camera on", "toggle", "camera");
  toggle.checked = true;
  const nlohmann::json json = to_json(accessible_view({toggle, widget("Room", "text-input")}));
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["key"], "toggle:camera");
  EXPECT_EQ(json[0]["pressed"], true);
  EXPECT_EQ(json[0]["operable"], true);
  EXPECT_EQ(json[0]["rect"], nlohmann::json({10, 20, 100, 30}));
  EXPECT_EQ(json[1]["value"], "");
  EXPECT_FALSE(json[1].contains("pressed"));
}

}  // namespace
}  // namespace parley::view
