// Overloaded{lambda...}: one visitor from several lambdas, for std::visit on variants.
//
//   std::visit(Overloaded{[](const Join& join) { ... }, [](const Leave&) { ... }}, message);
#pragma once

namespace parley {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace parley
