// ImmunizationTestData.h — submissions and settings shared by the step-immunization suites.
#pragma once

#include "ImmunizationDates.h"
#include "ImmunizationSettings.h"
#include "ImmunizationStepType.h"

#include <rotunda/plugin/StepType.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace rotunda::immunization::test {

/// A submission on the facility's `today`, for a rotation from `start` to `end`.
inline plugin::StepSubmission submission(std::map<std::string, std::string> answers,
                                         const std::string& today = "2026-11-23",
                                         const std::string& start = "2026-12-01",
                                         const std::string& end = "2027-01-29",
                                         std::vector<std::string> documentIds = {}) {
    plugin::StepSubmission s;
    s.answers = std::move(answers);
    s.documentIds = std::move(documentIds);
    s.submittedAt = today + "T12:00:00Z";
    s.timeZone = "America/Chicago";
    s.today = today;
    s.rotationStart = start;
    s.rotationEnd = end;
    return s;
}

/// A complete record for the default settings (MMR, TB test, influenza) as of
/// 2026-11-23, for a rotation starting 2026-12-01.
inline std::map<std::string, std::string> completeRecord() {
    return {{"birthDate", "1998-05-10"},   {"mmr.dose1", "1999-06-01"}, {"mmr.dose2", "2003-09-01"},
            {"tb.kind", "igra"},           {"tb.date", "2026-10-01"},   {"tb.result", "negative"},
            {"influenza.date", "2026-10-15"}};
}

/// `record` with `changes` applied; an empty value removes the answer.
inline std::map<std::string, std::string> with(std::map<std::string, std::string> record,
                                               const std::map<std::string, std::string>& changes) {
    for (const auto& [name, value] : changes) {
        if (value.empty()) record.erase(name);
        else record[name] = value;
    }
    return record;
}

/// Every field → message of a validation, as "field: message" lines, sorted.
inline std::string errorsOf(const plugin::StepValidation& validation) {
    std::vector<std::string> lines;
    for (const auto& [field, message] : validation.errors) lines.push_back(field + ": " + message);
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
    return text;
}

/// The fields with an error, comma-separated and sorted.
inline std::string errorFields(const plugin::StepValidation& validation) {
    std::vector<std::string> fields;
    for (const auto& error : validation.errors) fields.push_back(error.first);
    std::sort(fields.begin(), fields.end());
    std::string text;
    for (const auto& f : fields) text += (text.empty() ? "" : ",") + f;
    return text;
}

}  // namespace rotunda::immunization::test
