#pragma once
// The register's printer as the host sees it: paper present or not, a print that ran out
// of paper half way (submode 2, then 3 once paper is loaded, until "continue printing"
// B0h), and how long printing takes (command_answer::busy_for).

#include <chrono>
#include <cstdint>
#include <optional>

#include "emulator/kkt_device.hpp"

namespace ws::emulator {

class printer_model {
 public:
  explicit printer_model(print_time_model timing = {}) : timing_(timing) {}

  /// Submode of the status byte: 0 paper, 1 no paper, 2 ran out while printing,
  /// 3 paper loaded after that (waiting for B0h).
  std::uint8_t submode() const;
  bool paper_present() const { return paper_; }
  void set_paper_present(bool present);
  /// Fault injection: the roll ends after `lines` more printed lines.
  void paper_runs_out_after(unsigned lines) { lines_left_ = lines; }

  /// The device error a printing command gets now: 6Bh without paper, 58h while a print
  /// waits for B0h, 0 when it may print.
  std::uint8_t refusal() const;

  struct print_outcome {
    bool completed = true;                 ///< false: the paper ran out (reply 6Bh)
    std::chrono::milliseconds busy{0};     ///< time spent printing
  };
  /// Prints a document of `lines` lines (call only when refusal() is 0).
  print_outcome print(unsigned lines);
  /// B0h: prints what an interrupted document still lacks (nothing if none).
  print_outcome continue_printing();

 private:
  print_outcome print_lines(unsigned lines);

  print_time_model timing_;
  bool paper_ = true;
  bool interrupted_ = false;
  unsigned unprinted_lines_ = 0;
  std::optional<unsigned> lines_left_;
};

}  // namespace ws::emulator
