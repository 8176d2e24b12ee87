#include "actors/condition_text.hpp"

namespace ws::actors {

conditions::conditional parse_condition_text(const jobs::condition_text& text) {
  std::vector<conditions::condition_source> entries;
  for (std::size_t i = 0; i < text.conditions.size() && i < text.expressions.size(); ++i)
    entries.push_back({text.conditions[i], text.expressions[i]});
  return conditions::parse_conditional(text.dialect, entries);
}

}  // namespace ws::actors
