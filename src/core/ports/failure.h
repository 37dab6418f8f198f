// A browser operation that failed: the DOMException's name and message.
#pragma once

#include <string>

namespace parley::ports {

struct Failure {
  std::string name;
  std::string message;
};

}  // namespace parley::ports
