#pragma once
// Wiping data: the KKT's own registers (27h "Общее гашение", general clearing) and the
// archive of a debug FN (FF07h "Сброс состояния ФН", FN reset). Neither makes a fiscal
// document.
//
// 27h (kkt-protocol-2.0 "Общее гашение"): system administrator's password 4; reply ERR.
// FF07h (fn-commands "Сброс состояния ФН"; the FN's own command 60h in
// fn-1.2-description 7.7 "Отладочные команды"): system administrator's password 4,
// request code 1; reply ERR. Request code 22 (16h) wipes the whole archive and puts the
// FN back in the phase "ready for fiscalisation"; it is the only code the reference names.

#include <cstdint>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// 27h: zeroes the KKT's cash and operation registers (the FN is not touched).
using general_clearing_request = password_request<0x27, default_admin_password>;
using general_clearing_reply = empty_reply<0x27>;

/// FF07h request codes.
namespace fn_reset_code {
/// "полная очистка архива и перевод ФН в фазу жизни «Готовность к фискализации»".
inline constexpr std::uint8_t full_archive_wipe = 0x16;
}  // namespace fn_reset_code

/// FF07h: resets a debug FN's state. A serial (production) FN has no such command.
struct fn_reset_request {
  static constexpr command_code code = cmd::fn_reset_state;
  std::uint32_t password = default_admin_password;
  std::uint8_t request_code = fn_reset_code::full_archive_wipe;

  bytes encode() const;
  static fn_reset_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, request_code); }
};
using fn_reset_reply = empty_reply<0xFF07>;

}  // namespace ws::shtrih
