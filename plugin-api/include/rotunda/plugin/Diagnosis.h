// Diagnosis.h — what a component reports when an operator asks it to explain itself
// (`rotunda-admin ldap test USER`). Added in plugin ABI 1.1.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rotunda::plugin {

/// How one finding reads.
enum class FindingLevel {
    Info,     ///< a fact worth showing (a filter, an attribute value), neither good nor bad
    Ok,       ///< a step that worked (connected, bound, found)
    Warning,  ///< works, but risky or likely to surprise (no TLS, a missing email)
    Error     ///< a step that failed; the outcome says what that means overall
};

/// One line of a diagnosis: what was checked and what was found. Never a password
/// or another secret.
struct Finding {
    FindingLevel level = FindingLevel::Info;
    std::string text;  ///< one line, e.g. "ldaps://dc1: connected, TLS: ldaps, certificate verified"
};

/// What a diagnosis concluded.
enum class DiagnosisOutcome {
    Unsupported,    ///< the component offers no diagnostics (the default body)
    Ok,             ///< every step passed; the subject could sign in with the right secret
    NotFound,       ///< the source answered, but the subject is unknown or cannot be used
                    ///< as it is (ambiguous, no stable id, no email)
    Unavailable,    ///< the source could not be reached, timed out or refused TLS
    Misconfigured   ///< the component's configuration or the source's set-up is wrong
                    ///< (a refused service account, a base that does not exist)
};

/// The result of diagnose(): the findings in the order they were made, the
/// conclusion, and one line summing it up.
struct Diagnosis {
    DiagnosisOutcome outcome = DiagnosisOutcome::Unsupported;
    std::vector<Finding> findings;
    std::string summary;  ///< e.g. "ok (the password was not checked: no bind as the user was made)"

    /// Appends a finding; returns *this so steps read as a list.
    Diagnosis& add(FindingLevel level, std::string text) {
        findings.push_back({level, std::move(text)});
        return *this;
    }
};

/// What the default diagnose() of an extension point returns.
inline Diagnosis noDiagnostics(const std::string& what) {
    Diagnosis diagnosis;
    diagnosis.outcome = DiagnosisOutcome::Unsupported;
    diagnosis.summary = "this " + what + " offers no diagnostics";
    return diagnosis;
}

}  // namespace rotunda::plugin
