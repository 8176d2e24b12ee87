#pragma once
// The FN's warning flags that shift reports carry (tags 1050-1053), each present in a
// document only when set.

namespace ws::ffd {

struct fn_warnings {
  bool resource_exhausted = false;  ///< 1050: FN lifetime nearly over
  bool replace_urgently = false;    ///< 1051
  bool memory_full = false;         ///< 1052: archive 99% full
  bool ofd_timeout = false;         ///< 1053: a document waits for the OFD too long

  friend bool operator==(const fn_warnings& a, const fn_warnings& b) {
    return a.resource_exhausted == b.resource_exhausted && a.replace_urgently == b.replace_urgently &&
           a.memory_full == b.memory_full && a.ofd_timeout == b.ofd_timeout;
  }
};

}  // namespace ws::ffd
