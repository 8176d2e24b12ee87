// HTTPS: http.tls.certificate and http.tls.key serve the REST API over TLS (a self-signed
// certificate made by openssl for 127.0.0.1); a plain HTTP client gets nothing there, and
// a certificate that cannot be loaded stops the program with a message naming it.

#include <catch2/catch.hpp>

#include <httplib.h>

#include <cstdlib>
#include <string>

#include "tests/program/whitespirit_child.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using ws::test::child_process;
using ws::test::start_whitespirit;
using ws::test::temp_dir;

namespace {

/// The port of the `whitespirit: listening on https://127.0.0.1:PORT` line.
std::optional<std::uint16_t> https_port(child_process& child) {
  const std::string prefix = "whitespirit: listening on https://127.0.0.1:";
  if (!child.wait_for_output(prefix, 90000ms)) return std::nullopt;
  child.wait_for_output("\x01never printed\x01", 100ms);
  const auto at = child.output().find(prefix) + prefix.size();
  const auto end = child.output().find('\n', at);
  if (end == std::string::npos) return std::nullopt;
  return static_cast<std::uint16_t>(std::stoul(child.output().substr(at, end - at)));
}

}  // namespace

TEST_CASE("the REST API over HTTPS with a self-signed certificate", "[program][ops][https]") {
  temp_dir dir;
  const auto cert = (dir.path() / "cert.pem").string();
  const auto key = (dir.path() / "key.pem").string();
  const std::string make_certificate = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                                       " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                       key + "' -out '" + cert + "' >/dev/null 2>&1";
  REQUIRE(std::system(make_certificate.c_str()) == 0);

  auto child = start_whitespirit({"--embedded.dir=" + (dir.path() / "var").string(), "--embedded.devices=1",
                                  "--http.port=0", "--http.tls.certificate=" + cert, "--http.tls.key=" + key});
  const auto port = https_port(*child);
  INFO(child->output());
  REQUIRE(port);

  httplib::SSLClient client("127.0.0.1", *port);
  client.set_ca_cert_path(cert.c_str());  // the certificate is its own authority
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(10s);
  const auto ping = client.Get("/v1/ping");
  REQUIRE(ping);
  CHECK(ping->status == 200);
  CHECK(ping->get_header_value("X-Request-Id").size() == 16);

  httplib::Client plain("127.0.0.1", *port);
  plain.set_read_timeout(3s);
  const auto refused = plain.Get("/v1/ping");
  CHECK((!refused || refused->status != 200));
  CHECK(child->terminate(15000ms) == 0);
}

TEST_CASE("a TLS key that does not load stops the program naming the files", "[program][ops][https]") {
  temp_dir dir;
  const auto cert = (dir.path() / "cert.pem").string();
  std::ofstream(cert) << "not a certificate\n";
  auto child = start_whitespirit({"--embedded.dir=" + (dir.path() / "var").string(), "--embedded.devices=1",
                                  "--http.port=0", "--http.tls.certificate=" + cert, "--http.tls.key=" + cert});
  CHECK(child->wait_exit(90000ms) == 1);
  child->wait_for_output("\x01never printed\x01", 200ms);
  INFO(child->output());
  CHECK(child->output().find("cannot run: cannot load the TLS certificate " + cert) != std::string::npos);
}
