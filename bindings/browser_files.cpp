#include "bindings/browser_files.h"

#include "bindings/browser_data_channel.h"
#include "bindings/js_function.h"

namespace parley::bindings {
using emscripten::val;

namespace {

void digest_of(const val& bytes,
               std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) {
  then(
      val::module_property("sha256")(bytes),
      [done](val digest) {
        ports::Sha256 out{};
        val(emscripten::typed_memory_view(out.size(), out.data())).call<void>("set", digest);
        done(out);
      },
      [done](val error) { done(failure_of(error)); });
}

}  // namespace

BrowserFileSource::BrowserFileSource(val file)
    : file_(std::move(file)),
      name_(string_or(file_["name"], "file")),
      size_(static_cast<std::uint64_t>(file_["size"].as<double>())),
      mime_(string_or(file_["type"])) {}

void BrowserFileSource::read(
    std::uint64_t offset, std::uint32_t length,
    std::function<void(std::variant<ports::BytesRef, ports::Failure>)> done) {
  const double start = static_cast<double>(offset);
  const double end = static_cast<double>(std::min(size_, offset + length));
  then(
      val::module_property("readSlice")(file_, start, end),
      [done](val bytes) { done(std::make_shared<JsBytes>(bytes)); },
      [done](val error) { done(failure_of(error)); });
}

BrowserFileSink::BrowserFileSink(std::string key) : key_(std::move(key)) {
  val::module_property("sinkOpen")(key_);
}

// The received file (its Blob and object URL) lives as long as its sink: the transfer
// was forgotten, dismissed, or its client destroyed.
BrowserFileSink::~BrowserFileSink() {
  if (open_) {
    discard();
    return;
  }
  val::module_property("sinkRelease")(key_);
}

void BrowserFileSink::append(const ports::BytesRef& part) {
  val::module_property("sinkAppend")(key_, js_array_of(*part));
}

void BrowserFileSink::finish(const std::string& name, const std::string& mime) {
  open_ = false;
  val::module_property("sinkFinish")(key_, name, mime);
}

void BrowserFileSink::discard() {
  open_ = false;
  val::module_property("sinkDiscard")(key_);
}

void BrowserHasher::sha256(const ports::BytesRef& bytes,
                           std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) {
  digest_of(js_array_of(*bytes), std::move(done));
}

void BrowserHasher::sha256(const std::vector<ports::BytesRef>& parts,
                           std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) {
  val list = val::array();
  for (const auto& part : parts) list.call<void>("push", js_array_of(*part));
  digest_of(val::module_property("joinParts")(list), std::move(done));
}

void BrowserHasher::sha256(std::string bytes,
                           std::function<void(std::variant<ports::Sha256, ports::Failure>)> done) {
  // A copy out of the heap: the digest runs later, when `bytes` is gone.
  const val view = val(emscripten::typed_memory_view(
      bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
  digest_of(view.call<val>("slice"), std::move(done));
}

val received_file(const std::string& key) {
  return val::module_property("parleyReceived")[key];
}

}  // namespace parley::bindings
