#include "emulator/printer_model.hpp"

#include "protocol/shtrih/errors.hpp"

namespace ws::emulator {

std::uint8_t printer_model::submode() const {
  if (interrupted_) return paper_ ? 3 : 2;
  return paper_ ? 0 : 1;
}

void printer_model::set_paper_present(bool present) {
  paper_ = present;
  if (present) lines_left_.reset();  // a fresh roll
}

std::uint8_t printer_model::refusal() const {
  if (!paper_) return shtrih::device_error::no_receipt_paper;
  if (interrupted_) return shtrih::device_error::waiting_continue;
  return 0;
}

printer_model::print_outcome printer_model::print(unsigned lines) { return print_lines(lines); }

printer_model::print_outcome printer_model::continue_printing() {
  if (!interrupted_) return {};
  interrupted_ = false;
  const unsigned lines = unprinted_lines_;
  unprinted_lines_ = 0;
  return print_lines(lines);
}

printer_model::print_outcome printer_model::print_lines(unsigned lines) {
  print_outcome out;
  unsigned printed = lines;
  if (lines_left_ && *lines_left_ < lines) {
    printed = *lines_left_;
    unprinted_lines_ = lines - printed;
    interrupted_ = true;
    paper_ = false;
    out.completed = false;
  }
  if (lines_left_) *lines_left_ -= printed;
  out.busy = timing_.per_document + timing_.per_line * printed;
  return out;
}

}  // namespace ws::emulator
