#pragma once
// A small network of Linux network namespaces for the partition tests: one namespace per
// host (front, nodes), each with a veth pair whose other end is a port of a bridge that
// lives in a namespace of its own, addresses 10.213.S.N/24; and one more veth pair that
// puts this process's own namespace on the bridge (10.213.S.254), so the test reaches the
// front's REST API. A host's link can be taken down and up (a cable pulled). Everything is
// made with the `ip` command (root) and removed by the destructor, whatever the test did;
// namespaces left by an earlier run killed hard (same names) are removed first.

#include <unistd.h>

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ws::test::cluster {

/// The exit status and the output (standard output and error) of a shell command.
struct command_result {
  int status = -1;
  std::string output;
};

inline command_result run_command(const std::string& command) {
  command_result result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed";
    return result;
  }
  std::array<char, 512> chunk{};
  while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), pipe) != nullptr) result.output += chunk.data();
  result.status = ::pclose(pipe);
  return result;
}

class network_lab {
 public:
  /// Names every namespace and link after this process's id (interface names stay within
  /// the kernel's 15 characters), in the subnet 10.213.S.0/24 with S from the same id.
  network_lab()
      : prefix_("ws" + std::to_string(::getpid() % 100000)),
        subnet_("10.213." + std::to_string(::getpid() % 250 + 1) + ".") {}

  network_lab(const network_lab&) = delete;
  network_lab& operator=(const network_lab&) = delete;

  ~network_lab() { remove(); }

  /// Makes the bridge, a namespace per host and this process's link to the bridge. Empty
  /// when it worked, else why not (e.g. the kernel refuses namespaces here).
  std::optional<std::string> create(const std::vector<std::string>& hosts) {
    hosts_ = hosts;
    remove();  // leftovers of a run killed before its destructor
    if (auto failed = step("ip netns add " + bridge_namespace())) return failed;
    if (auto failed = step("ip -n " + bridge_namespace() + " link add br0 type bridge")) return failed;
    if (auto failed = step("ip -n " + bridge_namespace() + " link set br0 up")) return failed;
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      const auto& host = hosts_[i];
      const auto ns = namespace_of(host);
      const auto inside = link_of(host);
      const auto outside = prefix_ + host + "1";
      for (const auto& command :
           {"ip netns add " + ns, "ip link add " + inside + " type veth peer name " + outside,
            "ip link set " + inside + " netns " + ns, "ip link set " + outside + " netns " + bridge_namespace(),
            "ip -n " + bridge_namespace() + " link set " + outside + " master br0",
            "ip -n " + bridge_namespace() + " link set " + outside + " up",
            "ip -n " + ns + " addr add " + address_of(host) + "/24 dev " + inside, "ip -n " + ns + " link set lo up",
            "ip -n " + ns + " link set " + inside + " up"}) {
        if (auto failed = step(command)) return failed;
      }
    }
    const auto mine = prefix_ + "h0";
    const auto its = prefix_ + "h1";
    for (const auto& command :
         {"ip link add " + mine + " type veth peer name " + its, "ip link set " + its + " netns " + bridge_namespace(),
          "ip -n " + bridge_namespace() + " link set " + its + " master br0",
          "ip -n " + bridge_namespace() + " link set " + its + " up", "ip addr add " + subnet_ + "254/24 dev " + mine,
          "ip link set " + mine + " up"}) {
      if (auto failed = step(command)) return failed;
    }
    return std::nullopt;
  }

  std::string namespace_of(const std::string& host) const { return prefix_ + "-" + host; }

  /// The host's address: 10.213.S.(its place in the list + 1).
  std::string address_of(const std::string& host) const {
    for (std::size_t i = 0; i < hosts_.size(); ++i)
      if (hosts_[i] == host) return subnet_ + std::to_string(i + 1);
    return {};
  }

  /// Pulls (false) or plugs back (true) the host's cable: its veth end inside its namespace.
  bool set_link(const std::string& host, bool up) {
    return run_command("ip -n " + namespace_of(host) + " link set " + link_of(host) + (up ? " up" : " down")).status ==
           0;
  }

 private:
  std::string bridge_namespace() const { return prefix_ + "-br"; }
  std::string link_of(const std::string& host) const { return prefix_ + host + "0"; }

  std::optional<std::string> step(const std::string& command) {
    const auto result = run_command(command);
    if (result.status == 0) return std::nullopt;
    return "`" + command + "` failed: " + result.output;
  }

  /// Deleting a namespace takes its veth ends (and so their peers) with it.
  void remove() {
    run_command("ip link del " + prefix_ + "h0");
    for (const auto& host : hosts_) run_command("ip netns del " + namespace_of(host));
    run_command("ip netns del " + bridge_namespace());
  }

  std::string prefix_;
  std::string subnet_;
  std::vector<std::string> hosts_;
};

}  // namespace ws::test::cluster
