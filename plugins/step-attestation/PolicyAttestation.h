// PolicyAttestation.h — the "policy-attestation" step type: a person reads a
// facility policy (HIPAA, confidentiality, code of conduct), types their full
// name and ticks that they agree. Verified by itself; the facts kept are the
// name, the policy's title and version, the SHA-256 of the exact text and the time.
#pragma once

#include <rotunda/plugin/StepType.h>

#include <string>

namespace rotunda::attestation {

/// Lowercase hex SHA-256 of `text` (OpenSSL libcrypto).
std::string sha256Hex(const std::string& text);

/// The name of the agreement checkbox for one policy version and text:
/// "agree_" and the first 16 hex digits of SHA-256(version, NUL, text). It
/// changes with every new version or text, so an answer given to an older
/// version is no answer to the current one: the person attests again.
std::string agreementField(const std::string& version, const std::string& text);

/// Why `name` is not acceptable as a typed signature, or "" when it is:
/// 2–200 characters after trimming, valid UTF-8, no control characters,
/// at least one letter (any script).
std::string checkSignedName(const std::string& name);

/// The step type. Settings: policyTitle, policyVersion, policyText (all
/// required; checkSettings). Fields: "policy" (a statement: label title and version, help the
/// text), "fullName" (text), the agreement checkbox (agreementField, boolean).
class PolicyAttestation : public plugin::StepType {
public:
    std::string id() const override { return "policy-attestation"; }
    std::string name() const override { return "Policy attestation (read and sign)"; }
    std::vector<plugin::ConfigProperty> stepSettings() const override;
    std::vector<plugin::FormField> fields(const plugin::ConfigValues& settings) const override;
    /// Field errors: fullName (checkSignedName), the agreement (must be "true"),
    /// and any other answer — an agreement to another version of the policy
    /// says that version changed. No documents.
    plugin::StepValidation validate(const plugin::StepSubmission& submission,
                                    const plugin::ConfigValues& settings) const override;
    /// Verified when the submission agrees to the settings' version and text
    /// (asked again when the step carries over to a later rotation: a new
    /// version is then attested again); otherwise Manual, with the reason.
    plugin::StepVerification verify(const plugin::StepSubmission& submission,
                                    const plugin::ConfigValues& settings) const override;
    /// signedName, policyTitle, policyVersion, policySha256 (of the exact text
    /// shown), attestedAt (the submission time, UTC) and timeZone.
    std::vector<std::pair<std::string, std::string>> record(
        const plugin::StepSubmission& submission,
        const plugin::ConfigValues& settings) const override;
    /// policyTitle (up to 200 characters) and policyVersion (up to 64), one line
    /// each, and policyText (up to 100,000 bytes; tabs and line breaks allowed):
    /// each present (not blank), UTF-8 without control characters.
    std::vector<std::pair<std::string, std::string>> checkSettings(
        const plugin::ConfigValues& settings) const override;
};

}  // namespace rotunda::attestation
