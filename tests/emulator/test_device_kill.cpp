// kill -9 at any moment: a child process sells receipts on a device folder and reports
// every signed document's number and fiscal sign through a pipe; the parent kills it at a
// random moment, reopens the folder, and checks that every reported document is there,
// unchanged, and that the archive is whole (contiguous numbers, every sign valid).
#include "device_fixture.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "emulator/fiscal_sign.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "tests/support/die_with_parent.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace tag = ws::ffd::tag;

namespace {

struct reported {
  std::uint32_t number;
  std::uint32_t sign;
};

[[noreturn]] void sell_forever(device_fixture& f, int out) {
  f.open();
  for (std::uint64_t price = 100;; ++price) {
    const bytes position = f.item(price).encode();
    f.device->execute(position);
    const bytes reply = f.device->execute(f.cash(price).encode()).reply;
    if (shtrih::parse_reply_header(reply).error != 0) continue;
    const auto closed = shtrih::close_receipt_reply::decode(reply);
    const reported r{closed.document_number, closed.fiscal_sign};
    if (::write(out, &r, sizeof r) != static_cast<ssize_t>(sizeof r)) ::_exit(2);
  }
}

std::uint32_t stored_sign(const ffd::tlv& doc) {
  const bytes& v = doc.at(tag::fiscal_sign).value();
  return (std::uint32_t{v[2]} << 24) | (std::uint32_t{v[3]} << 16) | (std::uint32_t{v[4]} << 8) | v[5];
}

bytes without_sign(const ffd::tlv& doc) {
  ffd::tlv part = ffd::tlv::structure(doc.tag());
  for (const auto& child : doc.children())
    if (child.tag() != tag::fiscal_sign) part.add(child);
  return ffd::encode(part);
}

}  // namespace

TEST_CASE("kill -9 at any moment loses and changes no signed document", "[device][persistence][kill]") {
  device_fixture f("kill");
  f.register_fn();
  f.open_shift();
  const siphash_key key = fn_key_for_serial(f.device->fn_serial_number());
  f.device.reset();

  std::mt19937 random(20260302);
  std::vector<reported> all_reported;
  for (int round = 0; round < 6; ++round) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t parent_pid = ::getpid();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ws::test::die_with_parent(parent_pid);
      ::close(pipe_fds[0]);
      sell_forever(f, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % 80));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    reported r{};
    while (::read(pipe_fds[0], &r, sizeof r) == static_cast<ssize_t>(sizeof r)) all_reported.push_back(r);
    ::close(pipe_fds[0]);

    f.open();
    const std::uint32_t last = f.last_document();
    INFO("round " << round << ", last document " << last << ", reported " << all_reported.size());
    for (const reported& rep : all_reported) {
      REQUIRE(rep.number <= last);
      CHECK(f.find(rep.number).data.size() == 18u);
      CHECK(stored_sign(ffd::decode_one(f.read_tlv(rep.number))) == rep.sign);
    }
    // Documents 1..last are all there, each with a valid sign, numbered without gaps.
    for (std::uint32_t n = 1; n <= last; ++n) {
      const ffd::tlv doc = ffd::decode_one(f.read_tlv(n));
      CHECK(doc.at(tag::fd_number).as_uint() == n);
      CHECK(fiscal_sign(key, without_sign(doc)) == stored_sign(doc));
    }
    f.device.reset();
  }
  CHECK(all_reported.size() > 0);
}
