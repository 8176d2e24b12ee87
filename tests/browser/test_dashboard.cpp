// The dashboard in a real browser (headless Chromium): the page shows the running farm's
// registers with their states, OFD backlogs and FN expiry, follows a register going offline (its emulated device gone
// silent) and coming back, and renders at a laptop's and a phone's width.

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/browser/browser_support.hpp"
#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::child_process;
using ws::test::listening_port;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

using ws::test::browser::run;

/// Headless Chromium on `url` with `what` (--dump-dom, --screenshot=...): the page's script
/// gets a few seconds of virtual time to fetch and render.
std::string chromium(const temp_dir& profile, const std::string& url, const std::string& what) {
  return ws::test::browser::chromium(profile, url, what, "--virtual-time-budget=3000");
}

/// An attribute of the card of `serial` (its opening tag); empty when there is none.
std::string card_attribute(const std::string& dom, const std::string& serial, const std::string& name) {
  const auto card = dom.find("data-serial=\"" + serial + "\"");
  if (card == std::string::npos) return {};
  const auto tag_end = dom.find('>', card);
  const auto at = dom.find(" " + name + "=\"", card);
  if (at == std::string::npos || at > tag_end) return {};
  const auto from = at + name.size() + 3;
  return dom.substr(from, dom.find('"', from) - from);
}

std::string card_state(const std::string& dom, const std::string& serial) {
  return card_attribute(dom, serial, "data-state");
}

/// The page's DOM once it shows `serial` in `state` (the page refreshes every 2 s; a busy
/// machine may need a second load); the last DOM read when it never does.
std::string dom_when(const temp_dir& profile, const std::string& url, const std::string& serial,
                     const std::string& state) {
  std::string dom;
  for (int attempt = 0; attempt < 4; ++attempt) {
    dom = chromium(profile, url, "--dump-dom");
    if (card_state(dom, serial) == state) break;
  }
  return dom;
}

/// The width in a PNG's IHDR chunk (0 when it is no PNG).
std::uint32_t png_width(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[24] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  if (!in || header[1] != 'P' || header[2] != 'N' || header[3] != 'G') return 0;
  return (std::uint32_t{header[16]} << 24) | (std::uint32_t{header[17]} << 16) | (std::uint32_t{header[18]} << 8) |
         header[19];
}

std::string control(const std::filesystem::path& dir, const std::string& command) {
  return run("echo '" + command + "' | socat -t 2 - UNIX-CONNECT:" + (dir / "control.sock").string() + " 2>&1");
}

}  // namespace

TEST_CASE("the dashboard in headless Chromium shows the farm and follows a register offline and back",
          "[program][ops][dashboard]") {
  temp_dir dir;
  temp_dir profile;
  const auto devices = dir.path() / "devices";
  child_process emulator(WS_KKT_EMULATOR_PATH, {"--count", "2", "--dir", devices.string()});
  REQUIRE(emulator.wait_for_output("ready:", 20s));
  auto child = start_whitespirit(
      {"--registers=[{port=\"" + (devices / "kkt-0001").string() + "\"}, {port=\"" + (devices / "kkt-0002").string() +
           "\", groups=[\"online\"]}]",
       "--http.port=0", "--ops.listen=127.0.0.1:0", "--journal.path=" + (dir.path() / "journal.db").string(),
       "--register.poll-interval=100ms", "--register.reconnect-min=3s", "--register.reconnect-max=3s",
       "--link.ack-timeout=300ms", "--link.max-retries=2"});
  REQUIRE(listening_port(*child, 30000ms));
  const std::string prefix = "whitespirit: operations on http://127.0.0.1:";
  REQUIRE(child->wait_for_output(prefix, 5000ms));
  REQUIRE(child->wait_for_output("kkt_sn=0000000000000002 from=identifying to=ready", 10000ms));
  REQUIRE(child->wait_for_output("kkt_sn=0000000000000001 from=identifying to=ready", 10000ms));
  const auto at = child->output().find(prefix) + prefix.size();
  const std::string url =
      "http://127.0.0.1:" + child->output().substr(at, child->output().find('\n', at) - at) + "/dashboard";

  auto dom = dom_when(profile, url, "0000000000000001", "ready");
  CHECK(card_state(dom, "0000000000000001") == "ready");
  CHECK(card_state(dom, "0000000000000002") == "ready");
  CHECK(dom.find("online") != std::string::npos);  // kkt-0002's group
  // Each register's health read at identification: a blank FN has no OFD backlog, and its
  // expiry lies ahead.
  CHECK(card_attribute(dom, "0000000000000002", "data-ofd-unsent") == "0");
  const auto expiry_days = card_attribute(dom, "0000000000000002", "data-fn-expires-in-days");
  REQUIRE_FALSE(expiry_days.empty());
  CHECK(std::stol(expiry_days) > 0);
  CHECK(dom.find("<dt>OFD backlog</dt><dd>none</dd>") != std::string::npos);
  CHECK(dom.find("<dt>FN expires</dt><dd>in " + expiry_days + " days</dd>") != std::string::npos);

  const auto wide = (dir.path() / "wide.png").string();
  const auto narrow = (dir.path() / "narrow.png").string();
  chromium(profile, url, "--window-size=1280,800 --screenshot='" + wide + "'");
  chromium(profile, url, "--window-size=412,892 --screenshot='" + narrow + "'");
  CHECK(png_width(wide) == 1280);
  CHECK(png_width(narrow) == 412);

  // Silent, the register goes offline and tries again every 3 s (connecting, identifying,
  // offline again): most of the time the page finds it offline.
  control(devices, "fault kkt-0001 silent on");
  REQUIRE(child->wait_for_output("to=offline", 10000ms));
  dom = dom_when(profile, url, "0000000000000001", "offline");
  CHECK(card_state(dom, "0000000000000001") == "offline");
  CHECK(card_state(dom, "0000000000000002") == "ready");
  CHECK(dom.find("⚠ offline") != std::string::npos);

  control(devices, "fault kkt-0001 silent off");
  REQUIRE(child->wait_for_output("register_recovered", 20000ms));
  dom = dom_when(profile, url, "0000000000000001", "ready");
  CHECK(card_state(dom, "0000000000000001") == "ready");
  CHECK(child->terminate(15000ms) == 0);
}
