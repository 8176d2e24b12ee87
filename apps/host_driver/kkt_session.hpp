#pragma once
// Typed commands over a line_client, for people and test programs: call<Reply>(request)
// sends one command and returns its decoded reply, or throws session_error whose text
// names the command and the device's error ("ФН 02h: Неверное состояние ФН ...").

#include <stdexcept>
#include <string>

#include "apps/host_driver/line_client.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/errors.hpp"

namespace ws::host_driver {

struct session_error : std::runtime_error {
  session_error(const std::string& what, std::optional<std::uint8_t> device_error_code)
      : std::runtime_error(what), device_error(device_error_code) {}
  std::optional<std::uint8_t> device_error;  ///< set when the device answered an error
};

class kkt_session {
 public:
  explicit kkt_session(line_client line) : line_(std::move(line)) {}

  /// Sends `request` with the command's own answer timeout and decodes the reply.
  template <class Reply, class Request>
  Reply call(const Request& request) {
    const bytes reply = exchange(request.encode(), Request::code);
    return Reply::decode(reply);
  }

  /// The whole document `number` as its STLV (FF3Ah, then FF3Bh until "no data").
  bytes read_document_tlv(std::uint32_t number);

  line_client& line() { return line_; }

 private:
  /// One exchange; throws session_error for a link failure or an error reply.
  bytes exchange(const bytes& command, shtrih::command_code code);

  line_client line_;
};

}  // namespace ws::host_driver
