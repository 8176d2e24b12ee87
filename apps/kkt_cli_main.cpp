// kkt-cli: a host driver on the command line for one Shtrih-M register (a real one on a
// serial port, or the emulator's pty or TCP port). Each run opens the line, sends the
// commands of one action and prints what the register answered.

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "apps/host_driver/kkt_session.hpp"
#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/tlv.hpp"

namespace {

using namespace ws;
using host_driver::kkt_session;
using host_driver::line_client;

constexpr const char* usage_text =
    "Usage: kkt-cli PORT ACTION [ARGS]\n"
    "PORT is a serial device or pty path (opened raw 115200 8N1) or tcp://127.0.0.1:PORT.\n"
    "\n"
    "Actions:\n"
    "  status                      device type, mode, date-time, FN phase and numbers\n"
    "  register INN RNM            register the FN (FF05h + FF06h; OSN and USN income)\n"
    "  open-shift                  open a shift (E0h)\n"
    "  sell NAME PRICE [QTY]       one sale receipt by FF46h + FF45h, VAT 20%, paid in cash\n"
    "  sell-legacy NAME PRICE [QTY] the same by the legacy 80h + 85h (QTY up to 3 decimals)\n"
    "  open-and-cancel NAME PRICE  open a receipt with one position, then cancel it (88h)\n"
    "  x-report                    X report (40h)\n"
    "  z-report                    close the shift with a Z report (41h)\n"
    "  document N                  document N: FF0Ah fields and its TLV (FF3Ah/FF3Bh)\n"
    "  demo                        register if needed, open the shift, sell, show the receipt\n"
    "PRICE and QTY are decimals (\"100.00\", \"1.5\"). Exit status 0 on success, 1 when the\n"
    "register refused (its error is printed), 2 on a usage error.\n";

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

line_client open_line(const std::string& port) {
  constexpr std::string_view tcp_prefix = "tcp://127.0.0.1:";
  if (port.rfind(tcp_prefix, 0) == 0) {
    const long number = std::strtol(port.c_str() + tcp_prefix.size(), nullptr, 10);
    if (number <= 0 || number > 65535) throw usage_error("bad TCP port in " + port);
    return line_client::connect_tcp(static_cast<std::uint16_t>(number));
  }
  return line_client::open_serial(port);
}

std::string two_digits(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string format_date_time(const shtrih::fn_date_time& t) {
  return "20" + two_digits(t.day.year) + "-" + two_digits(t.day.month) + "-" +
         two_digits(t.day.day) + " " + two_digits(t.hour) + ":" + two_digits(t.minute);
}

shtrih::fn_status_reply fn_status(kkt_session& kkt) {
  return kkt.call<shtrih::fn_status_reply>(shtrih::fn_status_request{});
}

void print_status(kkt_session& kkt) {
  const auto type = kkt.call<shtrih::device_type_reply>(shtrih::device_type_request{});
  const auto full = kkt.call<shtrih::full_status_reply>(shtrih::full_status_request{});
  const auto fn = fn_status(kkt);
  std::cout << "model:          " << type.name << " (protocol " << int{type.protocol_version} << "."
            << int{type.protocol_subversion} << ")\n"
            << "serial number:  " << full.serial_number() << "\n"
            << "mode:           " << shtrih::mode_hint(full.mode) << " (" << std::hex << int{full.mode} << std::dec
            << "h), " << shtrih::submode_hint(full.submode) << "\n"
            << "date-time:      20" << two_digits(full.current_date.year) << "-" << two_digits(full.current_date.month)
            << "-" << two_digits(full.current_date.day) << " " << two_digits(full.current_time.hour) << ":"
            << two_digits(full.current_time.minute) << ":" << two_digits(full.current_time.second) << "\n"
            << "FN number:      " << fn.fn_number << "\n"
            << "FN phase:       " << (fn.phase & shtrih::fn_phase::fiscal_mode_closed ? "post-fiscal"
                                      : fn.phase & shtrih::fn_phase::fiscal_mode      ? "fiscal"
                                                                                      : "configured (not registered)")
            << "\n"
            << "shift:          " << (fn.shift_open ? "open" : "closed") << "\n"
            << "last FD number: " << fn.last_document_number << "\n";
}

void register_fn(kkt_session& kkt, const std::string& inn, const std::string& rnm) {
  kkt.call<shtrih::begin_registration_reply>(shtrih::begin_registration_request{});
  shtrih::registration_request registration;
  registration.params.inn = inn;
  registration.params.registration_number = rnm;
  registration.params.taxation_systems = shtrih::taxation::osn | shtrih::taxation::usn_income;
  registration.params.work_mode = 0;
  const auto reply = kkt.call<shtrih::registration_reply>(registration);
  std::cout << "registered: FD " << reply.document_number << ", fiscal sign " << reply.fiscal_sign << "\n";
}

std::uint64_t positive_kopecks(const std::string& text) {
  const auto value = ffd::parse_money(text).kopecks;
  if (value <= 0) throw usage_error("PRICE must be above zero: " + text);
  return static_cast<std::uint64_t>(value);
}

std::uint64_t positive_millionths(const std::string& text) {
  const auto value = ffd::parse_quantity(text).millionths;
  if (value <= 0) throw usage_error("QTY must be above zero: " + text);
  return static_cast<std::uint64_t>(value);
}

shtrih::position_request position(const std::string& name, const std::string& price, const std::string& qty) {
  shtrih::position_request item;
  item.name = name;
  item.price = positive_kopecks(price);
  item.quantity = positive_millionths(qty);
  item.vat = shtrih::vat_code::vat20;
  return item;
}

std::uint64_t amount_of(const shtrih::position_request& item) {
  return ffd::row_amount(ffd::money{static_cast<std::int64_t>(item.price)},
                         ffd::quantity{static_cast<std::int64_t>(item.quantity)})
      .kopecks;
}

void sell(kkt_session& kkt, const std::string& name, const std::string& price, const std::string& qty) {
  const auto item = position(name, price, qty);
  kkt.call<shtrih::position_reply>(item);
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::cash] = amount_of(item);
  close.taxation_system = shtrih::taxation::osn;
  const auto reply = kkt.call<shtrih::close_receipt_reply>(close);
  std::cout << "receipt: FD " << reply.document_number << ", fiscal sign " << reply.fiscal_sign << ", total "
            << ffd::format_money(ffd::money{static_cast<std::int64_t>(close.payments[shtrih::payment_slot::cash])})
            << ", " << format_date_time(reply.date_time) << "\n";
}

void sell_legacy(kkt_session& kkt, const std::string& name, const std::string& price, const std::string& qty) {
  const auto millionths = positive_millionths(qty);
  if (millionths % 1000 != 0) throw usage_error("the legacy sale takes at most 3 decimals of quantity");
  shtrih::legacy_sale_request sale;
  sale.text = name;
  sale.price = positive_kopecks(price);
  sale.quantity = millionths / 1000;
  sale.taxes = {1, 0, 0, 0};
  kkt.call<shtrih::legacy_sale_reply>(sale);
  shtrih::legacy_close_receipt_request close;
  close.payments[0] = ffd::row_amount(ffd::money{static_cast<std::int64_t>(sale.price)},
                                      ffd::quantity{static_cast<std::int64_t>(millionths)})
                          .kopecks;
  kkt.call<shtrih::legacy_close_receipt_reply>(close);
  std::cout << "receipt: FD " << fn_status(kkt).last_document_number << " (legacy 80h/85h)\n";
}

void open_and_cancel(kkt_session& kkt, const std::string& name, const std::string& price) {
  kkt.call<shtrih::position_reply>(position(name, price, "1"));
  kkt.call<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  std::cout << "receipt cancelled; last FD stays " << fn_status(kkt).last_document_number << "\n";
}

void print_document(kkt_session& kkt, std::uint32_t number) {
  shtrih::find_document_request find;
  find.document_number = number;
  const auto found = kkt.call<shtrih::find_document_reply>(find);
  std::cout << "document " << number << ": type " << int{found.document_type}
            << (found.ticket_received ? ", OFD ticket received" : ", no OFD ticket yet") << "\n";
  std::cout << ffd::to_debug_string(ffd::decode_one(kkt.read_document_tlv(number)));
}

void demo(kkt_session& kkt) {
  auto fn = fn_status(kkt);
  if (!(fn.phase & shtrih::fn_phase::fiscal_mode)) register_fn(kkt, "7720000014", "0000000001012345");
  if (!fn_status(kkt).shift_open) {
    kkt.call<shtrih::open_shift_reply>(shtrih::open_shift_request{});
    std::cout << "shift opened: FD " << fn_status(kkt).last_document_number << "\n";
  }
  sell(kkt, "Кофе латте", "180.00", "2");
  print_document(kkt, fn_status(kkt).last_document_number);
}

std::uint32_t document_number(const std::string& text) {
  char* end = nullptr;
  const unsigned long n = std::strtoul(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n == 0 || n > 0xFFFFFFFFul) throw usage_error("bad document number: " + text);
  return static_cast<std::uint32_t>(n);
}

void run(const std::vector<std::string>& args) {
  if (args.size() < 2) throw usage_error("PORT and ACTION are required");
  const std::string& action = args[1];
  auto arg = [&](std::size_t i, const char* fallback = nullptr) -> std::string {
    if (i < args.size()) return args[i];
    if (fallback) return fallback;
    throw usage_error(action + ": missing argument " + std::to_string(i - 1));
  };
  kkt_session kkt(open_line(args[0]));
  if (action == "status") print_status(kkt);
  else if (action == "register") register_fn(kkt, arg(2), arg(3));
  else if (action == "open-shift") kkt.call<shtrih::open_shift_reply>(shtrih::open_shift_request{});
  else if (action == "sell") sell(kkt, arg(2), arg(3), arg(4, "1"));
  else if (action == "sell-legacy") sell_legacy(kkt, arg(2), arg(3), arg(4, "1"));
  else if (action == "open-and-cancel") open_and_cancel(kkt, arg(2), arg(3));
  else if (action == "x-report") kkt.call<shtrih::x_report_reply>(shtrih::x_report_request{});
  else if (action == "z-report") kkt.call<shtrih::z_report_reply>(shtrih::z_report_request{});
  else if (action == "document") print_document(kkt, document_number(arg(2)));
  else if (action == "demo") demo(kkt);
  else throw usage_error("unknown action: " + action);
  std::cout << "ok\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usage_text;
    return 0;
  }
  try {
    run(args);
    return 0;
  } catch (const usage_error& e) {
    std::cerr << "kkt-cli: " << e.what() << "\n\n" << usage_text;
    return 2;
  } catch (const ffd::decimal_error& e) {
    std::cerr << "kkt-cli: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "kkt-cli: " << e.what() << "\n";
    return 1;
  }
}
