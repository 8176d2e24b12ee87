// The baseline of the HTTP benchmarks: a bare cpp-httplib server (the same Debian
// library and handler thread count whitespirit runs with) that does no work of its own.
// POST /v1/receipts reads the body and answers a fixed JSON of ANSWER_BYTES (a receipt
// answer's size); GET /v1/ping answers a fixed short JSON. What it serves per second on
// this machine, in the same run, is the ceiling the farm's HTTP side is measured against
// (issue 16: receipts at 32 registers and device time 0 >= 0.2 of its POST rate, ping
// >= 0.8 of its GET rate).
//
// Usage: bare-http-server THREADS ANSWER_BYTES
// Prints "listening on http://127.0.0.1:PORT" once it listens; stops on SIGTERM.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include <httplib.h>

namespace {

httplib::Server* running = nullptr;

void stop_on_signal(int) {
  // httplib's stop() only flags the listening loop and shuts its socket down.
  if (running) running->stop();
}

/// A JSON object of exactly `size` bytes (at least the frame around the padding).
std::string answer_of_size(std::size_t size) {
  const std::string head = R"({"id":1,"fp":1234567890,"padding":")";
  const std::string tail = R"("})";
  const std::size_t frame = head.size() + tail.size();
  return head + std::string(size > frame ? size - frame : 0, 'x') + tail;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bare-http-server THREADS ANSWER_BYTES" << std::endl;
    return 2;
  }
  const int threads = std::atoi(argv[1]);
  const long answer_bytes = std::atol(argv[2]);
  if (threads < 1 || answer_bytes < 0) {
    std::cerr << "bare-http-server: THREADS must be at least 1 and ANSWER_BYTES not negative" << std::endl;
    return 2;
  }
  const std::string receipt_answer = answer_of_size(static_cast<std::size_t>(answer_bytes));
  const std::string ping_answer = R"({"status":"ok"})";

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_keep_alive_max_count(1000);  // as whitespirit's front
  server.set_tcp_nodelay(true);
  server.Post("/v1/receipts", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(receipt_answer, "application/json");
  });
  server.Get("/v1/ping", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(ping_answer, "application/json");
  });

  running = &server;
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGINT, stop_on_signal);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "bare-http-server: cannot listen on 127.0.0.1" << std::endl;
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  return 0;
}
