#include "apps/common/stop_signals.hpp"

#include <pthread.h>

#include <csignal>

namespace ws::apps {

sigset_t block_stop_signals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal is dropped
  // even while blocked: restore the default so that sigwait() sees it.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a peer hanging up mid-write must not end the program
  return set;
}

int wait_for_stop_signal(const sigset_t& set) {
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  return signal_number;
}

}  // namespace ws::apps
