// PolicyAttestation.cpp — read-and-sign of a facility policy.
#include "PolicyAttestation.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace rotunda::attestation {
namespace {

using namespace rotunda::plugin;

constexpr std::size_t kLongestName = 200;

std::string setting(const ConfigValues& settings, const std::string& name) {
    const auto found = settings.all().find(name);
    return found == settings.all().end() ? std::string() : found->second;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The longest policy title and version (characters) and text (bytes) a step may have.
// Title and version are kept as facts of every attestation (at most 4 KB each).
constexpr std::size_t kLongestTitle = 200;
constexpr std::size_t kLongestVersion = 64;
constexpr std::size_t kLongestText = 100000;

struct TextScan {
    std::string problem;  ///< why it is not acceptable text, or ""
    std::size_t characters = 0;
    bool letter = false;  ///< has a letter of any script
};

// Reads `text` as UTF-8 without control characters (C0, DEL or C1); `lineBreaks`
// allows tab, CR and LF.
TextScan scanText(const std::string& text, bool lineBreaks) {
    TextScan scan;
    const std::string oneLine = "must be one line of text, without control characters";
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80                 ? 1
                             : c >= 0xc2 && c <= 0xdf ? 2
                             : c >= 0xe0 && c <= 0xef ? 3
                             : c >= 0xf0 && c <= 0xf4 ? 4
                                                      : 0;
        if (length == 0 || i + length > text.size()) return {"must be text (UTF-8)", 0, false};
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80)
                return {"must be text (UTF-8)", 0, false};
        const bool allowedBreak = lineBreaks && (c == '\t' || c == '\r' || c == '\n');
        if (length == 1 && (c < 0x20 || c == 0x7f) && !allowedBreak)
            return {
                lineBreaks
                    ? "must be text without control characters (tabs and line breaks are allowed)"
                    : oneLine,
                0, false};
        // C1 controls (U+0080–U+009F) are two bytes: C2 80 – C2 9F.
        if (length == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0)
            return {
                lineBreaks
                    ? "must be text without control characters (tabs and line breaks are allowed)"
                    : oneLine,
                0, false};
        // Letters of any script: ASCII letters, or any character beyond Latin-1's symbols.
        if ((length == 1 && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) ||
            (length > 1 && c >= 0xc3))
            scan.letter = true;
        ++scan.characters;
        i += length;
    }
    return scan;
}

std::string policyLabel(const ConfigValues& settings) {
    const std::string title = setting(settings, "policyTitle"),
                      version = setting(settings, "policyVersion");
    return (title.empty() ? std::string("Policy") : title) +
           (version.empty() ? "" : ", version " + version);
}

}  // namespace

std::string sha256Hex(const std::string& text) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
        throw std::runtime_error("SHA-256 is not available");
    static const char* const digits = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 0x0f];
    }
    return hex;
}

std::string agreementField(const std::string& version, const std::string& text) {
    return "agree_" + sha256Hex(version + std::string(1, '\0') + text).substr(0, 16);
}

std::string checkSignedName(const std::string& name) {
    const std::string typed = trimmed(name);
    if (typed.empty()) return "type your full name";
    const TextScan scan = scanText(typed, false);
    if (!scan.problem.empty()) return scan.problem;
    if (scan.characters > kLongestName) return "must be at most 200 characters";
    if (scan.characters < 2) return "type your full name";
    if (!scan.letter) return "type your full name in letters";
    return "";
}

std::vector<ConfigProperty> PolicyAttestation::stepSettings() const {
    return {{"policyTitle", "Policy title",
             "the policy's name as people see it, e.g. \"HIPAA Privacy and Security\"",
             ConfigType::String, "", true, false},
            {"policyVersion", "Policy version",
             "changing it (a new step version) asks everyone to attest again, also those who "
             "attested before",
             ConfigType::String, "", true, false},
            {"policyText", "Policy text", "the exact text people read and attest to (plain text)",
             ConfigType::String, "", true, false}};
}

std::vector<FormField> PolicyAttestation::fields(const ConfigValues& settings) const {
    const std::string version = setting(settings, "policyVersion"),
                      text = setting(settings, "policyText");
    return {{"policy", policyLabel(settings), "statement", text, false, {}},
            {"fullName", "Your full name", "text", "typed as your signature", true, {}},
            {agreementField(version, text),
             "I have read " + policyLabel(settings) + " and agree to follow it",
             "boolean",
             "",
             true,
             {}}};
}

StepValidation PolicyAttestation::validate(const StepSubmission& submission,
                                           const ConfigValues& settings) const {
    StepValidation result;
    const std::string agreement =
        agreementField(setting(settings, "policyVersion"), setting(settings, "policyText"));
    const auto name = submission.answers.find("fullName");
    const std::string nameError =
        checkSignedName(name == submission.answers.end() ? "" : name->second);
    if (!nameError.empty()) result.errors.emplace_back("fullName", nameError);
    const auto agreed = submission.answers.find(agreement);
    if (agreed == submission.answers.end() || agreed->second != "true")
        result.errors.emplace_back(agreement,
                                   "tick it to attest that you read and agree to the policy");
    for (const auto& [field, value] : submission.answers) {
        if (field == "fullName" || field == agreement) continue;
        if (field.rfind("agree_", 0) == 0)
            result.errors.emplace_back(field,
                                       "agrees to another version of the policy; it is now " +
                                           policyLabel(settings) + ": read it again");
        else
            result.errors.emplace_back(field, "is not a field of the policy attestation");
    }
    if (!submission.documentIds.empty())
        result.errors.emplace_back("documentIds", "a policy attestation takes no documents");
    return result;
}

StepVerification PolicyAttestation::verify(const StepSubmission& submission,
                                           const ConfigValues& settings) const {
    StepVerification verification;
    const std::string agreement =
        agreementField(setting(settings, "policyVersion"), setting(settings, "policyText"));
    const auto agreed = submission.answers.find(agreement);
    if (agreed != submission.answers.end() && agreed->second == "true" &&
        checkSignedName(submission.answers.count("fullName") ? submission.answers.at("fullName")
                                                             : "")
            .empty()) {
        verification.verdict =
            StepVerdict::Verified;  // the step version's expiryDays, if any, applies
        return verification;
    }
    verification.reason = "the attestation is not of the current policy, " + policyLabel(settings);
    return verification;
}

std::vector<std::pair<std::string, std::string>> PolicyAttestation::record(
    const StepSubmission& submission, const ConfigValues& settings) const {
    const auto name = submission.answers.find("fullName");
    return {{"signedName", name == submission.answers.end() ? "" : trimmed(name->second)},
            {"policyTitle", setting(settings, "policyTitle")},
            {"policyVersion", setting(settings, "policyVersion")},
            {"policySha256", sha256Hex(setting(settings, "policyText"))},
            {"attestedAt", submission.submittedAt},
            {"timeZone", submission.timeZone}};
}

std::vector<std::pair<std::string, std::string>> PolicyAttestation::checkSettings(
    const ConfigValues& settings) const {
    std::vector<std::pair<std::string, std::string>> errors;
    const auto check = [&](const std::string& name, bool lineBreaks, std::size_t longest,
                           bool inBytes) {
        const std::string value = setting(settings, name);
        if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
            errors.emplace_back(name, "is required");
            return;
        }
        const TextScan scan = scanText(value, lineBreaks);
        if (!scan.problem.empty()) {
            errors.emplace_back(name, scan.problem);
            return;
        }
        const std::size_t size = inBytes ? value.size() : scan.characters;
        if (size > longest)
            errors.emplace_back(name, "has " + std::to_string(size) +
                                          (inBytes ? " bytes" : " characters") + "; at most " +
                                          std::to_string(longest) + " are allowed");
    };
    check("policyTitle", false, kLongestTitle, false);
    check("policyVersion", false, kLongestVersion, false);
    check("policyText", true, kLongestText, true);
    return errors;
}

}  // namespace rotunda::attestation
