// The OFD model: documents wait in the FN's queue until the OFD's ticket comes (a
// configurable delay after each), nothing is acknowledged while offline, and after 30
// days without a ticket the FN refuses new documents (FN 15h).
#include "device_fixture.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
using std::chrono::seconds;

namespace {

shtrih::ofd_ticket_request ticket_for(std::uint32_t n) {
  shtrih::ofd_ticket_request r;
  r.document_number = n;
  return r;
}

}  // namespace

TEST_CASE("documents get their OFD tickets in order after the delay", "[device][ofd]") {
  device_fixture f("ofd");
  f.register_fn();
  f.open_shift();
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 2);
  const auto status = f.ok<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{});
  CHECK(status.queue_size == 2);
  CHECK(status.first_document_number == 1);
  CHECK(status.first_document_time == shtrih::fn_date_time{shtrih::date{2, 3, 26}, 10, 0});
  CHECK(status.status == (shtrih::ofd_exchange::connected | shtrih::ofd_exchange::has_message |
                          shtrih::ofd_exchange::waiting_ticket));
  CHECK(f.error_of(ticket_for(1)) == shtrih::fn_error::no_data);
  CHECK_FALSE(f.find(1).ticket_received);

  f.wait(seconds(2));  // the first ticket is due; the second two seconds after it
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 1);
  f.wait(seconds(2));
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 0);
  const auto ticket = f.ok<shtrih::ofd_ticket_reply>(ticket_for(2));
  REQUIRE(ticket.ticket.size() == 27u);  // date-time 5, OFD sign 18, FD number 4
  byte_reader t(ticket.ticket);
  CHECK(t.raw(5) == bytes{26, 3, 2, 10, 0});  // 10:00:04 shown to the minute
  t.raw(18);
  CHECK(t.u32() == 2);
  CHECK(f.find(2).ticket_received);
  const auto idle = f.ok<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{});
  CHECK(idle.status == shtrih::ofd_exchange::connected);
  CHECK(idle.queue_size == 0);
}

TEST_CASE("offline the queue grows and drains once back online", "[device][ofd]") {
  device_fixture f("offline");
  f.register_fn();
  f.wait(seconds(10));
  f.device->set_ofd_online(false);
  f.open_shift();
  f.sell(100);
  f.wait(seconds(3600));
  const auto status = f.ok<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{});
  CHECK(status.status == shtrih::ofd_exchange::has_message);
  CHECK(status.queue_size == 2);
  CHECK(status.first_document_number == 2);
  f.device->set_ofd_online(true);
  f.wait(seconds(1));
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 2);
  f.wait(seconds(1));
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 1);
  f.wait(seconds(2));
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 0);
}

TEST_CASE("an unsent document older than 30 days blocks new documents", "[device][ofd]") {
  device_fixture f("thirty-days");
  f.register_fn();
  f.device->set_ofd_online(false);
  f.open_shift();
  f.ok<shtrih::z_report_reply>(shtrih::z_report_request{});
  f.device->advance_clock(std::chrono::hours(24 * 30));
  f.ok<shtrih::fn_begin_open_shift_reply>(shtrih::fn_begin_open_shift_request{});  // exactly 30 days: allowed
  f.device->power_cycle();
  f.device->advance_clock(seconds(1));
  CHECK(f.error_of(shtrih::fn_begin_open_shift_request{}) == shtrih::fn_error::ofd_backlog_over_30_days);
  CHECK(f.error_of(shtrih::open_shift_request{}) == shtrih::device_error::not_in_mode);
  CHECK((f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).warning_flags & 0x08) != 0);
  f.device->set_ofd_online(true);
  f.wait(seconds(10));
  f.open_shift();
  CHECK(f.last_document() == 4);
}
