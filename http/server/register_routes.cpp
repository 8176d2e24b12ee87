// The everyday operations on one named register, each a job run through the broker in
// that register's own queue:
//   open_shift                      -> FF41h/FF0Bh, FiscalDocument ShiftOpenReport
//   close_shift[?emergency=1]       -> FF42h/FF43h, FiscalDocument ShiftCloseReport;
//                                      emergency (cancels an open receipt first) needs mysecret
//   document/{n}[?with_*]           -> FF0Ah + FF3Ah/FF3Bh, FiscalDocument; 404 when the FN has no such document
//   reboot[?cold=1]                 -> FE F3h. The device has one restart command, a full
//                                      restart: cold=1 and cold=0 do the same and say so
//   ident?on_=1                     -> 13h beep. A Shtrih-M register has no light to keep on:
//                                      on_=0 sends nothing and answers that nothing was on
//   set_datetime?dt=ISO-8601        -> 21h/22h/23h, only with the shift closed (else 499)

#include <cstdio>

#include "actors/jobs/job_order.hpp"
#include "http/configuration_request.hpp"
#include "http/server/document_answers.hpp"
#include "http/server/done_answer.hpp"
#include "http/server/outcome_errors.hpp"
#include "http/server/receipt_fullform.hpp"
#include "http/server/report_answer.hpp"
#include "http/server/routes.hpp"
#include "protocol/common/bytes.hpp"
#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/print_form.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::http::server {

namespace {

using handler_fn = void (*)(front_state&, const httplib::Request&, httplib::Response&);

std::string report_body(front_state& state, const std::string& serial, const std::string& operation,
                        fiscal_document_type type, const actors::broker_result& result) {
  const auto summary = report_summary(state, serial, operation, type, result);
  state.log.record(serial, operation, 200, "FD " + std::to_string(summary.fd_number));
  return write_fiscal_document(summary);
}

void answer_report(front_state& state, httplib::Response& res, const std::string& serial, const std::string& operation,
                   fiscal_document_type type, const actors::broker_result& result) {
  send_json(res, 200, report_body(state, serial, operation, type, result));
}

void open_shift(front_state& state, const httplib::Request& req, httplib::Response& res) {
  check_query(query_of(req), {});
  const std::string serial = req.matches[1];
  const std::string operation = "POST open_shift";
  const auto result = run_on_register(state, serial, jobs::open_shift_order{}, operation);
  answer_report(state, res, serial, operation, fiscal_document_type::shift_open_report, result);
}

void close_shift(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"emergency", "mysecret"});
  const bool emergency = query_flag(query, "emergency");
  if (emergency) require_secret(state, query);
  parse_open_object_body(req.body);
  const std::string serial = req.matches[1];
  const std::string operation = emergency ? "POST close_shift?emergency" : "POST close_shift";
  const auto close = [&] {
    const auto result = run_on_register(state, serial, jobs::close_shift_order{emergency}, operation);
    return report_body(state, serial, operation, fiscal_document_type::shift_close_report, result);
  };
  // An emergency close cancels an open receipt: it goes into the audit trail.
  send_json(res, 200, emergency ? audited(state, serial, operation, close) : close());
}

std::string hex_of(const bytes& data) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : data) {
    out += digits[b >> 4];
    out += digits[b & 0x0F];
  }
  return out;
}

void get_document(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"with_ofd_ticket", "with_printform", "with_rawform", "with_fullform"});
  const bool rawform = query_flag(query, "with_rawform");
  const bool printform = query_flag(query, "with_printform");
  const bool fullform = query_flag(query, "with_fullform");
  const bool ofd_ticket = query_flag(query, "with_ofd_ticket");
  const std::string number_text = req.matches[2];
  const auto number = static_cast<std::uint32_t>(parse_count_param("document_number", number_text, 0xFFFFFFFFu));
  if (number == 0) throw data_error("document_number", "document numbers start at 1");
  const std::string serial = req.matches[1];
  const std::string operation = "GET document/" + number_text;
  actors::broker_result result;
  try {
    result = run_on_register(state, serial, jobs::read_document_order{number, rawform || printform || fullform, ofd_ticket}, operation);
  } catch (const api_exception& e) {
    // The FN answers "no such document" with an error (FF0Ah): that is a 404.
    if (e.error.kind == error_kind::device_error && e.error.device_error) {
      auto error = make_error(error_kind::not_found,
                              "the FN has no document " + number_text + ": " + e.error.device_error_text);
      error.kkt_sn = serial;
      error.device_error = e.error.device_error;
      error.device_error_text = e.error.device_error_text;
      throw api_exception(error);
    }
    throw;
  }
  const auto& read = result_of<jobs::document_read>(result);
  std::vector<std::pair<std::string, std::string>> extra;
  if (rawform) {
    json_writer raw;
    raw.begin_object()
        .key("form").unsigned_number(read.document.document_type)
        .key("tlv_tag").unsigned_number(read.tlv_document_type)
        .member("tlv_hex", hex_of(read.tlv))
        .member("archive_hex", hex_of(read.document.data))
        .end_object();
    extra.emplace_back("rawform", raw.text());
  }
  if (printform) {
    // The document as a register prints it; the TLV itself is in rawform.
    json_writer lines;
    lines.begin_array();
    try {
      for (const auto& line : ffd::print_form(document_tlv_of(read))) lines.string(line);
    } catch (const std::exception& e) {
      lines.string(std::string("unreadable TLV: ") + e.what());
    }
    lines.end_array();
    extra.emplace_back("printform", lines.text());
  }
  if (fullform) {
    // Receipts and corrections have a Receipt form; other documents none (left out).
    try {
      if (auto form = receipt_fullform(read, serial, state.public_url())) extra.emplace_back("fullform", std::move(*form));
    } catch (const std::exception& e) {
      auto error = make_error(error_kind::device_error,
                              "the FN's document " + number_text + " is not a well-formed receipt: " + e.what());
      error.kkt_sn = serial;
      throw api_exception(error);
    }
  }
  auto summary = summary_of(read.document);
  if (ofd_ticket) {
    // The ticket itself when the OFD has confirmed the document; without one yet,
    // ofd_ticket_received is false and there is no ofd_ticket_hex.
    summary.ofd_ticket_received = read.ofd_ticket.has_value();
    if (read.ofd_ticket) extra.emplace_back("ofd_ticket_hex", json_quote(hex_of(*read.ofd_ticket)));
  }
  state.log.record(serial, operation, 200, {});
  send_json(res, 200, with_members(write_fiscal_document(summary), extra));
}

void reboot(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"cold"});
  const bool cold = query_flag(query, "cold");
  const std::string serial = req.matches[1];
  run_on_register(state, serial, jobs::reboot_order{}, "POST reboot");
  state.log.record(serial, "POST reboot", 200, {});
  send_json(res, 200,
            done_body(serial, "reboot",
                      cold ? "FE F3h restarts the device fully: there is no separate cold restart"
                           : "FE F3h restarts the device fully"));
}

void ident(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"on_"});
  const bool on = !query_value(query, "on_") || query_flag(query, "on_");
  const auto serial = known_serial(state, req);  // nothing is sent, but the register must exist
  if (!on) {
    state.log.record(serial, "POST ident?on_=0", 200, "nothing sent");
    return send_json(res, 200, done_body(serial, "ident", "the register only beeps: there is no light to switch off"));
  }
  run_on_register(state, serial, jobs::beep_order{}, "POST ident");
  state.log.record(serial, "POST ident", 200, "beep");
  send_json(res, 200, done_body(serial, "ident", "beeped (13h)"));
}

/// "YYYY-MM-DDTHH:MM[:SS]" with an optional zone suffix that is ignored: the register's
/// clock has no zone, it keeps the local time it is given.
std::pair<shtrih::date, shtrih::time_of_day> parse_dt(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int used = 0;
  const bool ok = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &year, &month, &day, &hour, &minute, &used) == 5;
  if (!ok) throw data_error("dt", "expected an ISO-8601 date-time like 2026-01-05T10:30:00");
  if (text.size() > static_cast<std::size_t>(used) && text[static_cast<std::size_t>(used)] == ':')
    std::sscanf(text.c_str() + used, ":%2d", &second);
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 59 || second < 0)
    throw data_error("dt", "date or time out of range");
  ffd::civil_time civil;
  civil.year = year;
  civil.month = month;
  civil.day = day;
  if (!ffd::is_valid(civil)) throw data_error("dt", "no such day");
  shtrih::date d;
  d.year = static_cast<std::uint8_t>(year - 2000);
  d.month = static_cast<std::uint8_t>(month);
  d.day = static_cast<std::uint8_t>(day);
  shtrih::time_of_day t;
  t.hour = static_cast<std::uint8_t>(hour);
  t.minute = static_cast<std::uint8_t>(minute);
  t.second = static_cast<std::uint8_t>(second);
  return {d, t};
}

void set_datetime(front_state& state, const httplib::Request& req, httplib::Response& res) {
  const auto query = query_of(req);
  check_query(query, {"dt"});
  const auto dt = query_value(query, "dt");
  if (!dt) throw data_error("dt", "required");
  const auto [day, time] = parse_dt(*dt);
  const std::string serial = req.matches[1];
  run_on_register(state, serial, jobs::set_datetime_order{day, time}, "POST set_datetime");
  state.log.record(serial, "POST set_datetime", 200, *dt);
  send_json(res, 200, done_body(serial, "set_datetime"));
}

}  // namespace

void add_register_routes(httplib::Server& server, front_state& state) {
  auto route = [&state](handler_fn body) {
    return guarded([&state, body](const httplib::Request& req, httplib::Response& res) { body(state, req, res); });
  };
  server.Post(register_path("open_shift"), route(open_shift));
  server.Post(register_path("close_shift"), route(close_shift));
  server.Get("/v1/cashmachines/([^/]+)/document/([^/]+)", route(get_document));
  server.Post(register_path("reboot"), route(reboot));
  server.Post(register_path("ident"), route(ident));
  server.Post(register_path("set_datetime"), route(set_datetime));
}

}  // namespace ws::http::server
