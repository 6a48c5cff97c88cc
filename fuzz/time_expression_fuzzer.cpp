// Time phrases (nlp/time_expression.h): "last Tuesday", "from 2 to 5 pm", "3 days ago". Input:
// the phrase. It is read against two references (UTC on a Thursday, and a negative offset on the
// last day of a leap-year February) and the result printed as the CLI prints it; the reference
// parser reads the input too.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "nlp/time_expression.h"

namespace {

using namespace chronotrail::nlp;
using chronotrail::fuzz::Check;

const TimeReference kReferences[] = {
    {1672920000, 0},       // 2023-01-05T12:00:00+00:00, a Thursday
    {1709251199, -5 * 60}  // 2024-02-29T18:59:59-05:00
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = chronotrail::fuzz::AsText(data, size);
  for (const TimeReference& reference : kReferences) {
    TimeExpression e = ParseTimeExpression(text, reference);
    if (e.kind == TimeKind::kInterval) Check(e.from < e.to, "an empty or reversed interval");
    if (e.kind != TimeKind::kNone) (void)TimeExpressionJson(e);
  }
  (void)ParseTimeReference(text);
  return 0;
}
