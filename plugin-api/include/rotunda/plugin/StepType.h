// StepType.h — onboarding step types provided by plugins (immunisations, attestations …).
#pragma once

#include "rotunda/plugin/Config.h"
#include "rotunda/plugin/HostContext.h"

#include <map>
#include <string>
#include <vector>

namespace rotunda::plugin {

/// One field of the form a user fills in to complete the step.
struct FormField {
    std::string name;   ///< key of the answer
    std::string label;
    /// "text", "textarea", "date", "number", "boolean", "choice", "document", or
    /// "statement": text to read, not a question — the label is its title, `help`
    /// its text (a policy, say). Clients show it read-only and send no answer for
    /// it; the host refuses one (a field error) before the plugin is asked.
    std::string type;
    std::string help;
    bool required = false;
    std::vector<std::string> choices;  ///< for "choice"
};

/// What a user submitted for one step of one rotation.
struct StepSubmission {
    std::map<std::string, std::string> answers;  ///< field name → value as text
    std::vector<std::string> documentIds;        ///< uploaded documents, already stored
    std::string submittedAt;                     ///< ISO-8601 UTC
    std::string timeZone;                        ///< the facility's IANA time zone
    // ABI 1.2 — appended; a plugin built against 1.1 never reads them.
    std::string today;          ///< the facility's local date at submission (YYYY-MM-DD)
    std::string rotationStart;  ///< first day of the rotation (YYYY-MM-DD, facility-local)
    std::string rotationEnd;    ///< last day of the rotation (YYYY-MM-DD, facility-local)
};

/// Field errors of a submission; empty when it is acceptable.
struct StepValidation {
    std::vector<std::pair<std::string, std::string>> errors;  ///< field → message
    bool ok() const { return errors.empty(); }
};

/// What automatic verification decided.
enum class StepVerdict {
    Manual,    ///< a person must verify it
    Verified,  ///< verified automatically
    Rejected   ///< rejected automatically, with a reason
};

/// The result of automatic verification.
struct StepVerification {
    StepVerdict verdict = StepVerdict::Manual;
    std::string reason;     ///< for Rejected, shown to the student; for Manual (ABI 1.2), what the reviewer
                            ///< should look at, one reason per line
    std::string expiresAt;  ///< ISO-8601 date after which the verification lapses; empty: never
};

/// A kind of step that facilities can add (+Add Step) besides form, document and confirmation.
class StepType {
public:
    virtual ~StepType() = default;
    /// Stable id, e.g. "immunization-record".
    virtual std::string id() const = 0;
    /// Name shown when choosing a step type.
    virtual std::string name() const = 0;
    /// What a facility configures on each step of this type.
    virtual std::vector<ConfigProperty> stepSettings() const { return {}; }
    /// The form for a step configured with `settings`.
    virtual std::vector<FormField> fields(const ConfigValues& settings) const = 0;
    /// Checks a submission; the host stores nothing unless it is ok.
    virtual StepValidation validate(const StepSubmission& submission,
                                    const ConfigValues& settings) const = 0;
    /// Optional automatic verification of a valid submission.
    virtual StepVerification verify(const StepSubmission&, const ConfigValues&) const { return {}; }

    // ABI 1.2 — appended; the host calls them only for plugins built against 1.2 or later.

    /// Facts the host keeps with an accepted submission, beside the answers, and shows
    /// to reviewers (e.g. the version and SHA-256 of the policy text attested). Called
    /// after validate() succeeded; names are [a-zA-Z0-9_.-], values plain text.
    virtual std::vector<std::pair<std::string, std::string>> record(const StepSubmission&,
                                                                    const ConfigValues&) const {
        return {};
    }

    /// Why a step cannot be saved with `settings`: setting name → one-line message
    /// (the value and what is allowed); empty when the plugin can use them. The host
    /// calls it when a step of this type is created or changed (a new version
    /// included), after checking the names against stepSettings(), with every
    /// declared default overridden by the given values — the same values fields(),
    /// validate(), verify() and record() later receive. Errors are refused with 422
    /// on `settings.<name>` and nothing is saved; a name that is not a declared
    /// setting (or empty) is shown on `settings`. It must not throw for bad values:
    /// a throw makes the step type unavailable (503), nothing saved.
    virtual std::vector<std::pair<std::string, std::string>> checkSettings(const ConfigValues& /*settings*/) const {
        return {};
    }
};

}  // namespace rotunda::plugin
