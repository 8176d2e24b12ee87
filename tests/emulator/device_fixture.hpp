#pragma once
// A kkt_device in a fresh folder with a host clock the test controls, and short ways to
// send typed Shtrih-M requests and read typed replies. Used by tests/emulator/test_device_*.

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "emulator/device_clock.hpp"
#include "emulator/kkt_device.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/errors.hpp"

namespace ws::emulator::testing {

/// A folder removed when the test ends.
class temp_folder {
 public:
  explicit temp_folder(const std::string& name) {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ws-device-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~temp_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_folder(const temp_folder&) = delete;
  temp_folder& operator=(const temp_folder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The start of every test's day: 2026-03-02 10:00:00 on the host clock.
inline device_time test_day_start() { return civil_time{2026, 3, 2, 10, 0, 0}.to_time_point(); }

struct device_fixture {
  explicit device_fixture(const std::string& name = "device", int fn_lifetime_months = 36) : folder(name) {
    host_now = std::make_shared<device_time>(test_day_start());
    settings.serial_number = "0012345678901234";
    settings.print_time = print_time_model{std::chrono::milliseconds(100), std::chrono::milliseconds(10)};
    settings.ofd_ack_delay = std::chrono::seconds(2);
    settings.fn_lifetime_months = fn_lifetime_months;
    settings.host_clock = [clock = host_now] { return *clock; };
    open();
  }

  void open() { device = std::make_unique<kkt_device>(settings, folder.path()); }
  /// As after a kill: a new model over the same folder.
  void reopen() {
    device.reset();
    open();
  }
  /// Real time passing on the host (the device clock follows).
  void wait(std::chrono::seconds s) { *host_now += s; }

  template <class Request>
  command_answer send(const Request& request) {
    return device->execute(request.encode());
  }
  /// The ERR byte of the reply to `request`.
  template <class Request>
  std::uint8_t error_of(const Request& request) {
    const bytes reply = device->execute(request.encode()).reply;
    return shtrih::parse_reply_header(reply).error;
  }
  /// The typed reply; fails the test when ERR is not 0.
  template <class Reply, class Request>
  Reply ok(const Request& request) {
    const bytes reply = device->execute(request.encode()).reply;
    const auto header = shtrih::parse_reply_header(reply);
    INFO("command " << std::hex << header.code.value() << " error " << int{header.error});
    REQUIRE(header.error == 0);
    return Reply::decode(reply);
  }

  // --- a day's usual steps -----------------------------------------------------------
  shtrih::registration_reply register_fn(std::uint8_t taxation = shtrih::taxation::osn | shtrih::taxation::usn_income) {
    ok<shtrih::begin_registration_reply>(shtrih::begin_registration_request{});
    shtrih::registration_request reg;
    reg.params.inn = "7701234567";
    reg.params.registration_number = "0000000001012345";
    reg.params.taxation_systems = taxation;
    reg.params.work_mode = 0;
    return ok<shtrih::registration_reply>(reg);
  }
  void open_shift() { ok<shtrih::open_shift_reply>(shtrih::open_shift_request{}); }
  shtrih::position_request item(std::uint64_t price, std::uint64_t quantity = 1'000'000,
                                shtrih::vat_code vat = shtrih::vat_code::vat20,
                                const std::string& name = "Товар") {
    shtrih::position_request p;
    p.price = price;
    p.quantity = quantity;
    p.vat = vat;
    p.name = name;
    return p;
  }
  shtrih::close_receipt_request cash(std::uint64_t kopecks) {
    shtrih::close_receipt_request close;
    close.payments[shtrih::payment_slot::cash] = kopecks;
    close.taxation_system = shtrih::taxation::osn;
    return close;
  }
  /// One position paid in cash; returns the close reply.
  shtrih::close_receipt_reply sell(std::uint64_t price) {
    ok<shtrih::position_reply>(item(price));
    return ok<shtrih::close_receipt_reply>(cash(price));
  }
  std::uint8_t mode() { return ok<shtrih::short_status_reply>(shtrih::short_status_request{}).mode; }
  std::uint8_t submode() { return ok<shtrih::short_status_reply>(shtrih::short_status_request{}).submode; }
  std::uint32_t last_document() {
    return ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).last_document_number;
  }
  /// The whole document read back with FF3Ah + FF3Bh until "no data", as its STLV.
  bytes read_tlv(std::uint32_t number) {
    shtrih::begin_read_document_request begin;
    begin.document_number = number;
    const auto head = ok<shtrih::begin_read_document_reply>(begin);
    bytes out;
    byte_writer(out).u16(head.document_type).u16(head.length);
    for (int blocks = 0; blocks < 10000; ++blocks) {
      const bytes reply = device->execute(shtrih::read_document_block_request{}.encode()).reply;
      const auto header = shtrih::parse_reply_header(reply);
      if (header.error == shtrih::fn_error::no_data) break;
      REQUIRE(header.error == 0);
      const auto block = shtrih::read_document_block_reply::decode(reply);
      out.insert(out.end(), block.tlv.begin(), block.tlv.end());
    }
    CHECK(out.size() == 4u + head.length);
    return out;
  }
  shtrih::find_document_reply find(std::uint32_t number) {
    shtrih::find_document_request r;
    r.document_number = number;
    return ok<shtrih::find_document_reply>(r);
  }

  temp_folder folder;
  std::shared_ptr<device_time> host_now;
  device_settings settings;
  std::unique_ptr<kkt_device> device;
};

}  // namespace ws::emulator::testing
