#include "emulator/state_store.hpp"

#include <map>
#include <sstream>

#include "emulator/durable_file.hpp"

namespace ws::emulator {
namespace {

// Text values are stored in hex so that any byte (CP866, spaces, newlines) survives.
std::string to_hex(const std::string& s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out.empty() ? "-" : out;
}

std::string from_hex(const std::string& h) {
  if (h == "-") return {};
  if (h.size() % 2) throw format_error("odd hex text in state file");
  std::string out;
  for (std::size_t i = 0; i < h.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

class state_reader {
 public:
  explicit state_reader(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto space = line.find(' ');
      if (space == std::string::npos) throw format_error("bad state line: " + line);
      values_[line.substr(0, space)] = line.substr(space + 1);
    }
  }
  const std::string& raw(const std::string& key) const {
    const auto it = values_.find(key);
    if (it == values_.end()) throw format_error("state file lacks " + key);
    return it->second;
  }
  bool has(const std::string& key) const { return values_.count(key) != 0; }
  std::int64_t number(const std::string& key) const {
    try {
      return std::stoll(raw(key));
    } catch (const std::logic_error&) {
      throw format_error("bad number for " + key);
    }
  }
  std::uint64_t unsigned_number(const std::string& key) const {
    try {
      return std::stoull(raw(key));
    } catch (const std::logic_error&) {
      throw format_error("bad number for " + key);
    }
  }
  std::string text(const std::string& key) const { return from_hex(raw(key)); }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace

std::string serialize(const persistent_state& s) {
  std::ostringstream out;
  const fn_state& f = s.fn;
  out << "format 1\n"
      << "kkt_serial " << to_hex(s.kkt_serial) << "\n"
      << "clock_offset " << s.clock_offset.count() << "\n"
      << "fn_serial " << to_hex(f.serial) << "\n"
      << "fn_key0 " << f.key.k0 << "\n"
      << "fn_key1 " << f.key.k1 << "\n"
      << "fn_phase " << static_cast<int>(f.phase) << "\n"
      << "fn_lifetime_months " << f.lifetime_months << "\n"
      << "fn_expires_at " << f.expires_at << "\n"
      << "registrations " << f.registrations << "\n"
      << "last_document " << f.last_document << "\n"
      << "last_document_time " << f.last_document_time << "\n"
      << "shift_open " << (f.shift_open ? 1 : 0) << "\n"
      << "shift_number " << f.shift_number << "\n"
      << "receipts_in_shift " << f.receipts_in_shift << "\n"
      << "shift_opened_at " << f.shift_opened_at << "\n"
      << "shift_first_document " << f.shift_first_document << "\n"
      << "last_ticketed " << f.last_ticketed << "\n"
      << "last_ticket_time " << f.last_ticket_time << "\n"
      << "fn_debug " << (f.debug ? 1 : 0) << "\n"
      << "kkt_receipts " << s.registers.receipts << "\n";
  for (std::size_t i = 0; i < s.registers.totals_by_sign.size(); ++i)
    out << "kkt_total_sign" << i + 1 << ' ' << s.registers.totals_by_sign[i] << "\n";
  if (f.registration) {
    const registration_data& r = *f.registration;
    out << "reg_inn " << to_hex(r.inn) << "\n"
        << "reg_rnm " << to_hex(r.rnm) << "\n"
        << "reg_taxation_systems " << static_cast<int>(r.taxation_systems) << "\n"
        << "reg_work_modes " << static_cast<int>(r.work_modes) << "\n"
        << "reg_ofd_inn " << to_hex(r.ofd_inn) << "\n"
        << "reg_ofd_name " << to_hex(r.ofd_name) << "\n"
        << "reg_user_name " << to_hex(r.user_name) << "\n"
        << "reg_address " << to_hex(r.address) << "\n"
        << "reg_place " << to_hex(r.place) << "\n";
  }
  out << "end 1\n";  // a file without this line was cut short
  return out.str();
}

persistent_state parse_persistent_state(const std::string& text) {
  const state_reader in(text);
  if (in.number("format") != 1) throw format_error("unknown state file format");
  if (!in.has("end")) throw format_error("state file is incomplete");
  persistent_state s;
  fn_state& f = s.fn;
  s.kkt_serial = in.text("kkt_serial");
  s.clock_offset = std::chrono::seconds{in.number("clock_offset")};
  f.serial = in.text("fn_serial");
  f.key.k0 = in.unsigned_number("fn_key0");
  f.key.k1 = in.unsigned_number("fn_key1");
  f.phase = static_cast<fn_phase>(in.number("fn_phase"));
  f.lifetime_months = static_cast<int>(in.number("fn_lifetime_months"));
  f.expires_at = in.number("fn_expires_at");
  f.registrations = static_cast<std::uint16_t>(in.number("registrations"));
  f.last_document = static_cast<std::uint32_t>(in.number("last_document"));
  f.last_document_time = in.number("last_document_time");
  f.shift_open = in.number("shift_open") != 0;
  f.shift_number = static_cast<std::uint16_t>(in.number("shift_number"));
  f.receipts_in_shift = static_cast<std::uint16_t>(in.number("receipts_in_shift"));
  f.shift_opened_at = in.number("shift_opened_at");
  f.shift_first_document = static_cast<std::uint32_t>(in.number("shift_first_document"));
  f.last_ticketed = static_cast<std::uint32_t>(in.number("last_ticketed"));
  f.last_ticket_time = in.number("last_ticket_time");
  // Keys added later: a state file written before them reads as a serial FN and
  // registers at zero.
  f.debug = in.has("fn_debug") && in.number("fn_debug") != 0;
  if (in.has("kkt_receipts")) s.registers.receipts = static_cast<std::uint32_t>(in.unsigned_number("kkt_receipts"));
  for (std::size_t i = 0; i < s.registers.totals_by_sign.size(); ++i) {
    const std::string key = "kkt_total_sign" + std::to_string(i + 1);
    if (in.has(key)) s.registers.totals_by_sign[i] = in.unsigned_number(key);
  }
  if (in.has("reg_inn")) {
    registration_data r;
    r.inn = in.text("reg_inn");
    r.rnm = in.text("reg_rnm");
    r.taxation_systems = static_cast<std::uint8_t>(in.number("reg_taxation_systems"));
    r.work_modes = static_cast<std::uint8_t>(in.number("reg_work_modes"));
    r.ofd_inn = in.text("reg_ofd_inn");
    r.ofd_name = in.text("reg_ofd_name");
    r.user_name = in.text("reg_user_name");
    r.address = in.text("reg_address");
    r.place = in.text("reg_place");
    f.registration = r;
  }
  return s;
}

state_store::state_store(std::filesystem::path dir, bool durable) : dir_(std::move(dir)), durable_(durable) {
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
  remove_temporaries(dir_);
}

std::optional<persistent_state> state_store::load() const {
  const auto content = read_whole_file(file());
  if (!content) return std::nullopt;
  return parse_persistent_state(std::string(content->begin(), content->end()));
}

void state_store::save(const persistent_state& state) const {
  const std::string text = serialize(state);
  replace_file_atomically(file(), bytes(text.begin(), text.end()), durable_);
}

}  // namespace ws::emulator
