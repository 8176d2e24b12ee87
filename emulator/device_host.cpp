#include "emulator/device_host.hpp"

#include <future>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <boost/asio/post.hpp>

namespace ws::emulator {

namespace asio = boost::asio;
using std::chrono::milliseconds;

device_host::device_host(asio::io_context& io, device_host_options options)
    : io_(io),
      options_(std::move(options)),
      device_(options_.settings, options_.state_dir),
      link_(options_.timing),
      filter_(options_.timing.byte_timeout),
      link_timer_(io),
      reply_timer_(io),
      reboot_timer_(io),
      line_timer_(io),
      reboot_after_reply_timer_(io) {}

device_host::~device_host() { stop(); }

void device_host::start() {
  if (options_.pty && !pty_) {
    pty_.emplace(io_, options_.pty_link, [this](const byte_t* data, std::size_t size) { on_line_bytes(false, data, size); });
    pty_->open();
  }
  if (options_.tcp_port && !tcp_) {
    tcp_.emplace(io_, *options_.tcp_port, [this](const byte_t* data, std::size_t size) { on_line_bytes(true, data, size); });
    tcp_->open();
  }
}

void device_host::stop() {
  for (auto* timer : {&link_timer_, &reply_timer_, &reboot_timer_, &line_timer_, &reboot_after_reply_timer_})
    timer->cancel();
  link_timer_due_.reset();
  if (pty_) pty_->close();
  if (tcp_) tcp_->close();
}

template <class F>
auto device_host::on_host_thread(F&& f) -> decltype(f()) {
  if (io_.get_executor().running_in_this_thread()) return f();
  using result = decltype(f());
  // Shared: if the wait below gives up, the task must outlive this frame.
  auto task = std::make_shared<std::packaged_task<result()>>(std::forward<F>(f));
  auto done = task->get_future();
  asio::post(io_, [task] { (*task)(); });
  if (done.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
    throw std::runtime_error(options_.name + ": the device host's thread does not answer (is the farm running?)");
  return done.get();
}

// ---- the line ----

bool device_host::deaf(clock::time_point now) const {
  return rebooting_ || line_is_down_ || silent_forever_ || (silent_until_ && now < *silent_until_);
}

void device_host::on_line_bytes(bool from_tcp, const byte_t* data, std::size_t size) {
  const auto now = clock::now();
  bytes_in_ += size;
  if (deaf(now)) {
    bytes_swallowed_ += size;
    return;
  }
  reply_to_tcp_ = from_tcp;
  // The filter's frame NAKs follow the standard level's frame layout; the byte faults
  // (drop, corrupt) and delays apply to either level.
  bytes to_device;
  bytes naks;
  filter_.inbound(data, size, now, to_device, naks);
  if (!naks.empty()) put_on_line(naks);
  if (!to_device.empty()) link_.on_bytes(to_device.data(), to_device.size(), now);
  pump();
}

void device_host::write_to_line(bytes data) {
  if (data.empty()) return;
  if (deaf(clock::now())) {
    bytes_swallowed_ += data.size();
    return;
  }
  filter_.outbound(data);
  put_on_line(data);
}

void device_host::put_on_line(const bytes& data) {
  bytes_out_ += data.size();
  if (reply_to_tcp_ && tcp_) tcp_->write(data);
  else if (pty_) pty_->write(data);
}

// ---- the link and the device ----

void device_host::pump() {
  while (!rebooting_) {
    auto command = link_.take_command();
    if (!command) break;
    execute(*command);
  }
  write_to_line(link_.take_output());
  arm_link_timer();
}

void device_host::execute(const bytes& command) {
  ++commands_;
  command_answer answer;
  try {
    answer = device_.execute(command);
  } catch (const std::exception& e) {
    // The model promises not to throw for bad input; this is a broken disk or a bug.
    // Without a reply the host sees no_reply, which is the truth: outcome unknown.
    std::cerr << "kkt-emulator: " << options_.name << ": command failed: " << e.what() << '\n';
    link_.reset();
    return;
  }
  const auto serial = ++command_serial_;
  const milliseconds delay = answer.busy_for + filter_.plan().extra_delay;
  if (delay.count() <= 0) {
    send_reply(serial, std::move(answer.reply), answer.reboots);
    return;
  }
  reply_timer_.expires_after(delay);
  reply_timer_.async_wait(
      [this, serial, reply = std::move(answer.reply), reboots = answer.reboots](const boost::system::error_code& ec) mutable {
        if (ec) return;
        send_reply(serial, std::move(reply), reboots);
        pump();
      });
}

void device_host::send_reply(std::uint32_t command_serial, bytes reply, bool reboots) {
  if (command_serial != command_serial_ || rebooting_) return;  // the command died in a reboot
  if (reply.empty() && !reboots) {
    std::cerr << "kkt-emulator: " << options_.name << ": the device gave no reply\n";
    link_.reset();
    return;
  }
  // A reboot has no reply; until the power goes the link stays "executing", so an ENQ
  // meanwhile gets ACK (busy), never the NAK that would invite the host to resend (on
  // the packet level, packets meanwhile are ignored, as during any command).
  if (!reply.empty()) link_.set_reply(std::move(reply));
  if (!reboots) return;
  // Let the ACK of the command (and its reply, if any) reach the line before the power
  // goes: the link answers only after the line has been quiet for a byte timeout.
  reboot_after_reply_timer_.expires_after(options_.timing.byte_timeout * 2 + milliseconds(100));
  reboot_after_reply_timer_.async_wait([this, command_serial](const boost::system::error_code& ec) {
    if (!ec && command_serial == command_serial_ && !rebooting_) begin_reboot();
  });
}

void device_host::arm_link_timer() {
  const auto due = link_.next_deadline();
  if (due == link_timer_due_) return;
  link_timer_due_ = due;
  if (!due) {
    link_timer_.cancel();
    return;
  }
  link_timer_.expires_at(*due);
  link_timer_.async_wait([this, when = *due](const boost::system::error_code& ec) {
    if (ec || link_timer_due_ != when) return;
    link_timer_due_.reset();
    link_.on_timer(clock::now());
    pump();
  });
}

// ---- reboot and line state ----

void device_host::begin_reboot() {
  rebooting_ = true;
  ++command_serial_;
  reply_timer_.cancel();
  reboot_after_reply_timer_.cancel();
  device_.power_cycle();
  link_.reset();
  arm_link_timer();
  reboot_timer_.expires_after(options_.reboot_time);
  reboot_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) end_reboot();
  });
}

void device_host::end_reboot() {
  rebooting_ = false;
  link_.reset();
  arm_link_timer();
}

void device_host::line_down() {
  line_is_down_ = true;
  if (pty_) pty_->close();
  if (tcp_) tcp_->close();
}

void device_host::line_up() {
  line_timer_.cancel();
  if (!line_is_down_) return;
  line_is_down_ = false;
  try {
    if (pty_) pty_->open();
    if (tcp_) tcp_->open();
  } catch (const std::exception& e) {
    std::cerr << "kkt-emulator: " << options_.name << ": cannot bring the line back: " << e.what() << '\n';
  }
}

// ---- control ----

device_info device_host::info() {
  return on_host_thread([this] {
    device_info out;
    out.name = options_.name;
    out.serial_number = device_.serial_number();
    if (pty_) {
      out.pty_path = pty_->slave_path();
      out.pty_host_present = pty_->is_open() && pty_->host_present();
    }
    out.pty_link = options_.pty_link;
    out.tcp_port = options_.tcp_port;
    out.tcp_connected = tcp_ && tcp_->connected();
    out.faults = filter_.plan();
    out.counters = filter_.counters();
    const auto now = clock::now();
    out.silent = silent_forever_ || (silent_until_ && now < *silent_until_);
    out.line_down = line_is_down_;
    out.rebooting = rebooting_;
    out.paper_present = paper_present_;
    out.fn_serial_number = device_.fn_serial_number();
    out.last_document_number = device_.last_document_number();
    out.fn_debug = device_.fn_debug();
    out.registers = device_.registers();
    out.bytes_in = bytes_in_;
    out.bytes_out = bytes_out_;
    out.bytes_swallowed = bytes_swallowed_;
    out.commands = commands_;
    out.link_level = link_.level();
    return out;
  });
}

void device_host::set_faults(const fault_plan& plan) {
  on_host_thread([this, plan] { filter_.set_plan(plan); });
}

void device_host::update_faults(const std::function<void(fault_plan&)>& change) {
  on_host_thread([this, change] {
    fault_plan plan = filter_.plan();
    change(plan);
    filter_.set_plan(plan);
  });
}

void device_host::go_silent(std::optional<milliseconds> duration) {
  on_host_thread([this, duration] {
    if (duration) {
      silent_until_ = clock::now() + *duration;
    } else {
      silent_forever_ = true;
    }
  });
}

void device_host::end_silence() {
  on_host_thread([this] {
    silent_forever_ = false;
    silent_until_.reset();
  });
}

void device_host::drop_line(milliseconds duration) {
  on_host_thread([this, duration] {
    line_down();
    line_timer_.expires_after(duration);
    line_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) line_up();
    });
  });
}

void device_host::restore_line() {
  on_host_thread([this] { line_up(); });
}

void device_host::reboot_now() {
  on_host_thread([this] { begin_reboot(); });
}

void device_host::set_paper_present(bool present) {
  on_host_thread([this, present] {
    device_.set_paper_present(present);
    paper_present_ = present;
  });
}

void device_host::paper_runs_out_after_lines(unsigned lines) {
  on_host_thread([this, lines] { device_.paper_runs_out_after_lines(lines); });
}

void device_host::set_ofd_online(bool online) {
  on_host_thread([this, online] { device_.set_ofd_online(online); });
}

void device_host::set_ofd_ack_delay(std::chrono::seconds delay) {
  on_host_thread([this, delay] { device_.set_ofd_ack_delay(delay); });
}

void device_host::advance_clock(std::chrono::seconds by) {
  on_host_thread([this, by] { device_.advance_clock(by); });
}

void device_host::set_fn_debug(bool debug) {
  on_host_thread([this, debug] { device_.set_fn_debug(debug); });
}

bytes device_host::sd_card_file(shtrih::firmware_file file) {
  return on_host_thread([this, file] { return device_.sd_card_file(file); });
}

void device_host::clear_faults() {
  on_host_thread([this] {
    filter_.set_plan(fault_plan{});
    silent_forever_ = false;
    silent_until_.reset();
    line_up();
  });
}

}  // namespace ws::emulator
