#include "core/text/display_text.h"

#include <gtest/gtest.h>

namespace parley::text {
namespace {

TEST(DisplayText, NamesLoseControlsAndBidiOverridesButKeepEveryLanguage) {
  EXPECT_EQ(display_name("Zo\u00eb \u0141ukasz \u738b\u82b3 \U0001F600"),
            "Zo\u00eb \u0141ukasz \u738b\u82b3 \U0001F600");
  EXPECT_EQ(display_name("Ada\u202Egnp.exe"), "Adagnp.exe");
  EXPECT_EQ(display_name("\u2066Bob\u2069\u200F"), "Bob");
  EXPECT_EQ(display_name("Cy\n\r\x1b[31m\x7f"), "Cy[31m");
  EXPECT_EQ(display_name("\xc2\x85"
                         "Di\xc2\x9b"),
            "Di")
      << "C1 controls";
  EXPECT_EQ(display_name("  Eve \t"), "Eve");
  EXPECT_EQ(display_name("F\xff\xfe"
                         "e"),
            "Fe")
      << "invalid UTF-8 is dropped";
  EXPECT_EQ(display_name("\u202E\u202E"), "");
}

TEST(DisplayText, FileNamesHaveNoPathAndAreNeverEmpty) {
  EXPECT_EQ(display_file_name("../../etc/passwd"), "....etcpasswd");
  EXPECT_EQ(display_file_name("C:\\Users\\x.txt"), "C:Usersx.txt");
  EXPECT_EQ(display_file_name("report\u202Efdp.exe"), "reportfdp.exe");
  EXPECT_EQ(display_file_name("/"), "file");
  EXPECT_EQ(display_file_name("\u7167\u7247.jpg"), "\u7167\u7247.jpg");
}

TEST(DisplayText, ChatKeepsLinesAndTabsOnly) {
  EXPECT_EQ(display_chat_text("one\r\ntwo\tthree\n"), "one\ntwo\tthree");
  EXPECT_EQ(display_chat_text("a\u202Eb\u0007c"), "abc");
}

}  // namespace
}  // namespace parley::text
