// A randomized fault schedule (fixed seed) over 1,200 receipts: faults of every kind at
// random steps (not only the closing command), paper running out, the clock moving on
// so shifts are renewed. Proves zero duplicates and zero losses from the FN archive:
// every receipt in it belongs to exactly one job, and that job answered success with it
// or outcome_unknown naming it.

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "job_test_support.hpp"
#include "receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

struct tally {
  int successes = 0;
  int recovered = 0;
  int safe = 0;
  int wrong_state = 0;
  int timeouts = 0;
  int unknown_printed = 0;
  int unknown_not_printed = 0;
  int documents = 0;  ///< receipts the FN holds
};

constexpr fault all_faults[] = {fault::not_delivered, fault::lost_after_execution, fault::lost_before_execution,
                                fault::line_down,     fault::line_down_unexecuted, fault::power_cycle,
                                fault::deadline};

}  // namespace

TEST_CASE("randomized faults over 1200 receipts print none twice and lose none", "[jobs][never_twice][random]") {
  registered_device d("random");
  std::mt19937 rng(20261123);
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  std::uniform_int_distribution<int> pick_fault(0, 6);
  std::uniform_int_distribution<int> minutes(0, 40);
  std::uniform_int_distribution<unsigned> lines(1, 12);

  constexpr int receipts = 1200;
  tally t;
  std::map<std::uint64_t, int> job_of_total;  // every job's total is unique: 1000 + i kopecks
  std::optional<std::uint32_t> shift_hint;

  for (int i = 0; i < receipts; ++i) {
    d.wait(std::chrono::minutes(minutes(rng)));
    if (chance(rng) < 0.03) d.device->paper_runs_out_after_lines(lines(rng));
    const std::uint64_t total = 1000 + static_cast<std::uint64_t>(i);
    job_of_total[total] = i;
    const auto content = single_row(static_cast<std::int64_t>(total));
    shift_policy policy;
    policy.shift_open_document_hint = shift_hint;  // as the register actor would remember it
    print_receipt_job job(content, ffd::calculate_receipt(content), policy);

    // Any step may fail; the closing command, where it matters most, more often.
    const fault_plan plan = [&](const step_info& s) {
      const double p = s.step->closes_document ? 0.12 : 0.02;
      return chance(rng) < p ? all_faults[pick_fault(rng)] : fault::none;
    };
    const std::uint32_t before = d.device->last_document_number();
    run_job(job, *d.device, plan);
    if (job.shift_open_document()) shift_hint = job.shift_open_document();
    const std::uint32_t after = d.device->last_document_number();

    std::vector<archived_document> new_receipts;
    for (std::uint32_t n = before + 1; n <= after; ++n) {
      const auto doc = parse_archived_document(d.find(n));
      if (doc.document_type == form::receipt) new_receipts.push_back(doc);
    }
    t.documents += static_cast<int>(new_receipts.size());
    INFO("receipt " << i << " failure " << job.failure().message);
    for (const auto& doc : new_receipts) REQUIRE(doc.total == std::optional<std::uint64_t>(total));

    switch (job.failure().kind) {
      case failure_kind::none:
        ++t.successes;
        if (job.result().recovered) ++t.recovered;
        REQUIRE(new_receipts.size() == 1);
        CHECK(new_receipts[0].document_number == job.result().document_number);
        CHECK(new_receipts[0].fiscal_sign == job.result().fiscal_sign);
        break;
      case failure_kind::outcome_unknown:
        REQUIRE(new_receipts.size() <= 1);
        REQUIRE(job.failure().document_to_check.has_value());
        if (new_receipts.empty()) {
          ++t.unknown_not_printed;
          CHECK(*job.failure().document_to_check > after);  // nothing exists there yet
        } else {
          ++t.unknown_printed;
          CHECK(new_receipts[0].document_number == *job.failure().document_to_check);
        }
        break;
      case failure_kind::safe:
        ++t.safe;
        if (std::getenv("WS_JOBS_DEBUG")) std::cout << job.failure().message << "\n";
        REQUIRE(new_receipts.empty());
        break;
      case failure_kind::wrong_state:
        ++t.wrong_state;
        REQUIRE(new_receipts.empty());
        break;
      case failure_kind::timeout:
        ++t.timeouts;
        REQUIRE(new_receipts.empty());
        break;
      case failure_kind::busy:
        FAIL("a job never ends busy: only a register refuses an order with it, before running it");
        break;
    }
    if (chance(rng) < 0.8) d.device->set_paper_present(true);
  }

  // The whole archive: each receipt's total names one job, at most once.
  std::map<std::uint64_t, int> seen;
  int archive_receipts = 0;
  for (std::uint32_t n = 1; n <= d.device->last_document_number(); ++n) {
    const auto doc = parse_archived_document(d.find(n));
    if (doc.document_type != form::receipt) continue;
    ++archive_receipts;
    REQUIRE(doc.total.has_value());
    REQUIRE(job_of_total.count(*doc.total) == 1);
    ++seen[*doc.total];
  }
  int duplicates = 0;
  for (const auto& entry : seen) duplicates += entry.second > 1 ? 1 : 0;
  const int losses = archive_receipts - t.successes - t.unknown_printed;

  std::cout << "random schedule: receipts " << receipts << ", successes " << t.successes << " (recovered "
            << t.recovered << "), safe " << t.safe << ", wrong_state " << t.wrong_state << ", timeouts "
            << t.timeouts << ", outcome_unknown " << (t.unknown_printed + t.unknown_not_printed) << " (printed "
            << t.unknown_printed << "), receipts in the FN " << archive_receipts << ", duplicates " << duplicates
            << ", losses " << losses << "\n";
  CHECK(archive_receipts == t.documents);
  CHECK(duplicates == 0);
  CHECK(losses == 0);
  CHECK(t.successes + t.safe + t.wrong_state + t.timeouts + t.unknown_printed + t.unknown_not_printed == receipts);
  // The schedule must actually exercise the hard cases.
  CHECK(t.recovered > 0);
  CHECK(t.unknown_printed > 0);
  CHECK(t.unknown_not_printed > 0);
  CHECK(t.safe > 0);
  CHECK(t.timeouts > 0);
  CHECK(t.successes > receipts / 2);
}
