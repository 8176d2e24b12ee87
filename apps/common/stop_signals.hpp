#pragma once
// SIGINT and SIGTERM without a signal handler, for every long-running program here
// (whitespirit, kkt-emulator): block_stop_signals() blocks them in the
// calling thread and in every thread started after it (call it first thing in main), and
// wait_for_stop_signal() takes one with sigwait(). No work ever runs in a handler.

#include <signal.h>

namespace ws::apps {

sigset_t block_stop_signals();
/// Blocks until SIGINT or SIGTERM arrives (or one is pending); returns its number.
int wait_for_stop_signal(const sigset_t& set);

}  // namespace ws::apps
