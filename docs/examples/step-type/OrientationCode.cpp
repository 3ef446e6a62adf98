// OrientationCode.cpp — a minimal StepType plugin: the student types the code
// handed out at an orientation session; the education office keeps the valid
// codes in a file, one a line (plugins.orientation-code.codesFile). A known code
// is verified by itself, an unknown one rejected with the reason; a code file
// that cannot be read is an outage (the plugin throws: the host answers 503 and
// stores nothing).
#include <rotunda/plugin/Plugin.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>

namespace {

using namespace rotunda::plugin;

class OrientationCode : public StepType {
public:
    explicit OrientationCode(std::string codesFile) : codesFile_(std::move(codesFile)) {}

    std::string id() const override { return "orientation-code"; }
    std::string name() const override { return "Orientation attendance (session code)"; }

    // What a facility sets on each step of this type.
    std::vector<ConfigProperty> stepSettings() const override {
        return {{"session", "Session", "the orientation session people attend, shown on the form",
                 ConfigType::String, "New staff orientation", false, false}};
    }

    // Asked when a facility saves a step (plugin API 1.2): settings this type cannot
    // use are refused then (422 on settings.<name>), not when a student opens the step.
    std::vector<std::pair<std::string, std::string>> checkSettings(
        const ConfigValues& settings) const override {
        const std::string session = settings.has("session") ? settings.getString("session") : "";
        if (session.size() > 100) return {{"session", "must be at most 100 characters"}};
        if (session.find_first_of("\r\n") != std::string::npos)
            return {{"session", "must be one line"}};
        return {};
    }

    // The form: what the person reads and fills in.
    std::vector<FormField> fields(const ConfigValues& settings) const override {
        return {{"about",
                 settings.has("session") ? settings.getString("session") : "Orientation",
                 "statement",
                 "Type the code shown at the end of the session.",
                 false,
                 {}},
                {"code", "Session code", "text", "six letters or digits", true, {}}};
    }

    // Field errors only; nothing here is a verdict.
    StepValidation validate(const StepSubmission& submission, const ConfigValues&) const override {
        StepValidation result;
        for (const auto& [field, value] : submission.answers)
            if (field != "code") result.errors.emplace_back(field, "is not a field of this step");
        const auto code = submission.answers.find("code");
        if (code == submission.answers.end() || code->second.empty())
            result.errors.emplace_back("code", "is required");
        else if (normalized(code->second).size() != 6)
            result.errors.emplace_back("code", "must be six letters or digits");
        if (result.ok())
            knownCodes();  // an unreadable code list is an outage now, not a rejection later
        return result;
    }

    // A valid submission: verified or rejected by itself.
    StepVerification verify(const StepSubmission& submission, const ConfigValues&) const override {
        StepVerification verification;
        const std::string code = normalized(submission.answers.at("code"));
        if (knownCodes().count(code)) {
            verification.verdict = StepVerdict::Verified;  // the step's own expiryDays applies
        } else {
            verification.verdict = StepVerdict::Rejected;
            verification.reason =
                "the code " + code + " is not one of a session; check it and try again";
        }
        return verification;
    }

    // Kept with the accepted submission (plugin API 1.2), shown to reviewers.
    std::vector<std::pair<std::string, std::string>> record(
        const StepSubmission& submission, const ConfigValues& settings) const override {
        return {{"code", normalized(submission.answers.at("code"))},
                {"session", settings.has("session") ? settings.getString("session") : ""},
                {"checkedOn", submission.today}};
    }

private:
    static std::string normalized(const std::string& text) {
        std::string code;
        for (const char c : text) {
            if (std::isspace(static_cast<unsigned char>(c))) continue;
            if (!std::isalnum(static_cast<unsigned char>(c))) return "";
            code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return code;
    }

    // Read on every call: the office edits the file while the server runs, and
    // calls arrive on many threads at once (no state shared between them).
    std::set<std::string> knownCodes() const {
        std::ifstream in(codesFile_);
        if (!in) throw std::runtime_error("cannot read the code list " + codesFile_);
        std::set<std::string> codes;
        for (std::string line; std::getline(in, line);)
            if (!normalized(line).empty()) codes.insert(normalized(line));
        return codes;
    }

    std::string codesFile_;
};

void registerOrientationCode(Registrar& registrar) {
    registrar.declareConfig({"codesFile", "Code list",
                             "a text file of valid session codes, one a line", ConfigType::Path, "",
                             /*required*/ true, /*secret*/ false});
    registrar.addStepType("orientation-code", [](HostContext& context) {
        return std::make_unique<OrientationCode>(context.config().getString("codesFile"));
    });
}

}  // namespace

ROTUNDA_PLUGIN("orientation-code", "1.0.0",
               "Orientation attendance checked against a list of session codes",
               registerOrientationCode);
