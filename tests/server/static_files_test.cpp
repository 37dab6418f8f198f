#include "server/static_files.h"

#include <gtest/gtest.h>

#include "temp_web_root.h"

namespace parley::server {
namespace {

class StaticFiles : public ::testing::Test {
 protected:
  StaticFiles() {
    root.add("index.html", "<!doctype html>");
    root.add("index.wasm", "\0asm");
    root.add("docs/index.html", "docs");
    root.add("docs/a b.txt", "spaced");
  }
  std::optional<std::filesystem::path> resolve(std::string_view target) const {
    return resolve_static_file(root.path(), target);
  }
  testing::TempWebRoot root;
};

TEST_F(StaticFiles, RootAndFoldersMapToTheirIndex) {
  EXPECT_EQ(resolve("/"), root.path() / "index.html");
  EXPECT_EQ(resolve("/docs"), root.path() / "docs" / "index.html");
  EXPECT_EQ(resolve("/docs/"), root.path() / "docs" / "index.html");
}

TEST_F(StaticFiles, PlainFilesResolveAndQueriesAreIgnored) {
  EXPECT_EQ(resolve("/index.wasm"), root.path() / "index.wasm");
  EXPECT_EQ(resolve("/?room=team-sync"), root.path() / "index.html");
  EXPECT_EQ(resolve("/docs/a%20b.txt"), root.path() / "docs" / "a b.txt");
}

TEST_F(StaticFiles, MissingFilesDoNotResolve) {
  EXPECT_FALSE(resolve("/nope.js"));
  EXPECT_FALSE(resolve("/docs/nope/"));
}

TEST_F(StaticFiles, TraversalOutOfTheRootIsRefused) {
  EXPECT_FALSE(resolve("/../secret.txt"));
  EXPECT_FALSE(resolve("/docs/../../secret.txt"));
  EXPECT_FALSE(resolve("/%2e%2e/secret.txt"));
  EXPECT_FALSE(resolve("/..%2fsecret.txt"));
  EXPECT_FALSE(resolve("/..%5csecret.txt"));
  EXPECT_FALSE(resolve("/index.html%00.txt"));
}

TEST_F(StaticFiles, DotfilesAndDotFoldersAreNeverServed) {
  root.add(".env", "SECRET=1");
  root.add(".git/config", "[core]");
  root.add("docs/.htpasswd", "user:hash");
  EXPECT_FALSE(resolve("/.env"));
  EXPECT_FALSE(resolve("/.git/config"));
  EXPECT_FALSE(resolve("/docs/.htpasswd"));
  EXPECT_FALSE(resolve("/%2egit/config"));
}

TEST_F(StaticFiles, SymlinksMayNotLeadOutOfTheRoot) {
  namespace fs = std::filesystem;
  fs::create_symlink(root.path().parent_path() / "secret.txt", root.path() / "leak.txt");
  fs::create_directory_symlink(root.path().parent_path(), root.path() / "up");
  fs::create_symlink(root.path() / "index.wasm", root.path() / "alias.wasm");
  EXPECT_FALSE(resolve("/leak.txt"));
  EXPECT_FALSE(resolve("/up/secret.txt"));
  EXPECT_EQ(resolve("/alias.wasm"), root.path() / "index.wasm") << "links inside the root work";
}

TEST_F(StaticFiles, TargetsThatAreNotOriginFormAreRefused) {
  EXPECT_FALSE(resolve(""));
  EXPECT_FALSE(resolve("index.html"));
  EXPECT_FALSE(resolve("http://evil/index.html"));
  EXPECT_FALSE(resolve("/bad%zz"));
  EXPECT_FALSE(resolve("/bad%2"));
}

TEST(MimeType, WasmIsServedAsApplicationWasm) {
  EXPECT_EQ(mime_type_for("index.wasm"), "application/wasm");
  EXPECT_EQ(mime_type_for("index.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type_for("forkawesome-webfont.woff2"), "font/woff2");
  EXPECT_EQ(mime_type_for("blob.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace parley::server
