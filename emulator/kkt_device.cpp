#include "emulator/kkt_device.hpp"

#include <cctype>

#include "emulator/device_model.hpp"

namespace ws::emulator {
namespace {

/// A 16-digit FN number derived from the KKT serial: a fixed prefix and the serial's
/// last six digits, so devices created from the same settings get the same FN.
std::string fn_serial_for(const std::string& kkt_serial) {
  std::string digits;
  for (char c : kkt_serial)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "9999078900" + digits.substr(digits.size() - 6);
}

}  // namespace

kkt_device::impl::impl(device_settings device, std::filesystem::path state_dir)
    : settings(std::move(device)),
      store(state_dir, settings.durable),
      fn(state_dir / "archive", settings.durable),
      clock(settings.host_clock),
      printer(settings.print_time),
      identity{settings.serial_number, kkt_firmware::version},
      card(state_dir, settings.durable) {
  fn.ofd() = ofd_model(ofd_settings{settings.ofd_ack_delay, settings.ofd_online});
  if (auto saved = store.load()) {
    clock.set_offset(saved->clock_offset);
    settings.serial_number = saved->kkt_serial;
    identity.serial = saved->kkt_serial;
    registers = saved->registers;
    fn.restore(saved->fn);  // adopts documents written just before a kill
  } else {
    fn.manufacture(fn_serial_for(settings.serial_number), clock.now(), settings.fn_lifetime_months);
    fn.set_debug(settings.fn_debug);
  }
  persist_if_changed();
}

persistent_state kkt_device::impl::snapshot() const {
  persistent_state s;
  s.kkt_serial = settings.serial_number;
  s.clock_offset = clock.offset();
  s.fn = fn.state();
  s.registers = registers;
  return s;
}

void kkt_device::impl::persist_if_changed() {
  const bool fn_changed = fn.take_changed();
  if (!fn_changed && !clock_changed && !registers_changed) return;
  store.save(snapshot());
  clock_changed = false;
  registers_changed = false;
}

void kkt_device::impl::power_cycle() {
  receipt.reset();
  pending.reset();
  pending_tlvs.clear();
  date_to_confirm.reset();
  tlv_reading = false;
  tlv_being_read.clear();
  tlv_read_offset = 0;
}

kkt_device::kkt_device(device_settings settings, std::filesystem::path state_dir)
    : impl_(std::make_unique<impl>(std::move(settings), std::move(state_dir))) {}
kkt_device::~kkt_device() = default;
kkt_device::kkt_device(kkt_device&&) noexcept = default;
kkt_device& kkt_device::operator=(kkt_device&&) noexcept = default;

command_answer kkt_device::execute(const bytes& command) { return impl_->execute(command); }

std::chrono::system_clock::time_point kkt_device::now() const { return impl_->clock.now(); }

void kkt_device::advance_clock(std::chrono::seconds by) {
  impl_->clock.advance(by);
  impl_->clock_changed = true;
  impl_->persist_if_changed();
}

void kkt_device::set_paper_present(bool present) { impl_->printer.set_paper_present(present); }

void kkt_device::paper_runs_out_after_lines(unsigned lines) { impl_->printer.paper_runs_out_after(lines); }

void kkt_device::power_cycle() { impl_->power_cycle(); }

const std::string& kkt_device::serial_number() const { return impl_->settings.serial_number; }

void kkt_device::set_ofd_online(bool online) {
  // Tickets due before the switch arrive under the old setting.
  impl_->fn.exchange_with_ofd(impl_->clock.now());
  impl_->fn.ofd().set_online(online, impl_->clock.now());
  impl_->persist_if_changed();
}

void kkt_device::set_ofd_ack_delay(std::chrono::seconds delay) {
  impl_->fn.exchange_with_ofd(impl_->clock.now());
  impl_->fn.ofd().set_ack_delay(delay);
  impl_->persist_if_changed();
}

const std::string& kkt_device::fn_serial_number() const { return impl_->fn.state().serial; }

std::uint32_t kkt_device::last_document_number() const { return impl_->fn.state().last_document; }

void kkt_device::set_fn_debug(bool debug) {
  impl_->fn.set_debug(debug);
  impl_->persist_if_changed();
}

bool kkt_device::fn_debug() const { return impl_->fn.state().debug; }

const kkt_registers& kkt_device::registers() const { return impl_->registers; }

bytes kkt_device::sd_card_file(shtrih::firmware_file file) const { return impl_->card.contents(file); }

}  // namespace ws::emulator
