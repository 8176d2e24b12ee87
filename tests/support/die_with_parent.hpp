#pragma once
// A child started by a test or a benchmark dies with the process that started it: called
// in the child right after fork() (before exec, which keeps the setting), it asks the
// kernel for SIGKILL when the parent goes, however it goes (a timeout's SIGKILL, Ctrl-C,
// a crash). If the parent died between fork() and this call the child is already
// orphaned and would never get the signal, so it exits at once.
//
// Linux sends the signal when the *thread* that forked exits: fork from a thread that
// lives as long as the child should (the tests' and benchmarks' main threads do).
// Only async-signal-safe calls: it runs between fork() and exec() in a threaded process.

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace ws::test {

/// In the child after fork(); `parent` is getpid() of the parent taken before fork().
inline void die_with_parent(pid_t parent) {
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ::_exit(125);
  if (::getppid() != parent) ::_exit(125);
}

}  // namespace ws::test
