// ImmunizationRecord.h — the immunization record itself: the form a step asks for
// (from its settings alone), field-level validation of a submission, and the
// assessment of a valid one against every enabled requirement.
#pragma once

#include "ImmunizationDates.h"
#include "ImmunizationSettings.h"

#include <rotunda/plugin/StepType.h>

#include <optional>
#include <string>
#include <vector>

namespace rotunda::immunization {

/// The dates a submission is judged against.
struct ReferenceDates {
    Date today;                ///< the facility's local date (ABI 1.2), else today in UTC
    Date rotationStart;        ///< the rotation's first day (ABI 1.2), else `today`
    bool todayFromHost = false;
    bool startFromHost = false;
    /// The first day the record must cover: the rotation start, or today once the
    /// rotation has begun (a test valid at the start but lapsed since does not count).
    Date coverFrom() const { return rotationStart > today ? rotationStart : today; }
    /// True when coverFrom() is a rotation start the host gave (not today).
    bool coversFromRotationStart() const;
    /// "the rotation start (YYYY-MM-DD)" or "today (YYYY-MM-DD)", for reasons.
    std::string coverFromText() const;
};

/// Reads `today` and `rotationStart` from the submission. A host older than plugin
/// ABI 1.2 sends neither (the members are not there for it to fill): today is then
/// taken in UTC, which can be a day off the facility's date near midnight, and the
/// rotation is taken to start today, so "within N days before the start" becomes
/// "valid today".
ReferenceDates referenceDates(const plugin::StepSubmission& submission);

/// How one requirement fared.
struct RuleOutcome {
    std::string id;       ///< mmr, varicella, hepatitisB, tb, influenza, tdap
    std::string name;     ///< as shown to people
    bool met = false;
    std::string evidence;              ///< what satisfied it, when met
    std::vector<std::string> reasons;  ///< why a person must look, when not met
    std::optional<Date> lapse;         ///< the last day it counts, when it lapses
};

/// The assessment of a whole record.
struct Assessment {
    ReferenceDates dates;
    std::vector<RuleOutcome> rules;  ///< the enabled requirements, in the form's order
    /// True when every requirement is met: the step verifies itself.
    bool complete() const;
    /// Every reason, in order, one per line.
    std::string reasons() const;
    /// The earliest day a met requirement lapses; nothing when none lapses.
    std::optional<Date> expiry() const;
};

/// The form for a step with `settings`: only the fields of enabled requirements.
std::vector<plugin::FormField> recordFields(const ImmunizationSettings& settings);

/// Field-level errors: unknown fields, malformed or impossible dates, dates after
/// today, choices not offered, a result without its date (and the like), an empty
/// record, a missing copy when one is required.
plugin::StepValidation validateRecord(const plugin::StepSubmission& submission, const ImmunizationSettings& settings);

/// Judges a submission that passed validateRecord against every enabled requirement.
Assessment assessRecord(const plugin::StepSubmission& submission, const ImmunizationSettings& settings);

}  // namespace rotunda::immunization
