// CredentialChecker.h — checks of licences and certifications against the facility's systems.
#pragma once

#include "rotunda/plugin/HostContext.h"

#include <map>
#include <string>
#include <vector>

namespace rotunda::plugin {

/// The person whose credentials are checked.
struct Person {
    std::string name;
    std::string email;
    std::map<std::string, std::string> identifiers;  ///< "npi", "license:CA" … → number
};

/// The state of one credential, or of a whole report.
enum class CredentialStatus { Verified, NotFound, Expired, Revoked, Unavailable };

/// One licence, certification or immunisation found at the source.
struct CredentialItem {
    std::string type;     ///< "license", "bls", "immunization:mmr" …
    std::string number;
    std::string issuer;
    std::string expires;  ///< ISO-8601 date, empty when it does not expire
    CredentialStatus status = CredentialStatus::NotFound;
};

/// What a check found.
struct CredentialReport {
    CredentialStatus status = CredentialStatus::NotFound;  ///< overall
    std::vector<CredentialItem> items;
    std::string source;     ///< the system asked, for the audit trail
    std::string checkedAt;  ///< ISO-8601 UTC time of the check
    std::string detail;     ///< for the log and the reviewer
};

/// A rotation, as lifecycle hooks see it.
struct RotationInfo {
    std::string rotationId;
    Person student;
    std::string facility;
    std::string service;
    std::string startDate;  ///< ISO-8601 date
    std::string endDate;
};

/// Asks an external system (HL7 v2, FHIR …) about a person's credentials.
class CredentialChecker {
public:
    virtual ~CredentialChecker() = default;
    /// Checks the person. An unreachable source is a report with status
    /// Unavailable, not an exception.
    virtual CredentialReport check(const Person& person) = 0;
    /// Optional: a rotation became ready (provision access in the facility's systems).
    virtual void onRotationReady(const RotationInfo&) {}
    /// Optional: a rotation completed or was cancelled (revoke access).
    virtual void onRotationEnded(const RotationInfo&) {}
    /// The component's health for /health; quick, must not throw.
    virtual ComponentState health() { return {}; }
};

}  // namespace rotunda::plugin
